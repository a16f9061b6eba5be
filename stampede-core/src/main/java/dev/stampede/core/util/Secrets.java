package dev.stampede.core.util;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.regex.Pattern;

/**
 * The single place where secrets are scrubbed from text. Thread-safe.
 *
 * <p>Two defences: every password Stampede is given is {@linkplain #register registered} and replaced
 * wherever it appears verbatim; and anything shaped like a credential (the user-info part of a URL,
 * {@code password=...} pairs) is masked even when it was never registered. Every message that
 * reaches a user, log or report passes through {@link #redact}.
 */
public final class Secrets {
    public static final String MASK = "****";
    private static final Set<String> KNOWN = new CopyOnWriteArraySet<>();
    private static final Pattern URL_USERINFO = Pattern.compile("(://[^/:@\\s]*):[^@/\\s]*@");
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?i)((?:password|passwd|pwd|secret|token)\\s*[=:]\\s*)(\"[^\"]*\"|'[^']*'|[^\\s&;,}\"']+)");

    private Secrets() {
    }

    /** Remembers a secret so that it is masked wherever it appears later. Blank values are ignored. */
    public static void register(String secret) {
        if (secret != null && !secret.isBlank()) KNOWN.add(secret);
    }

    /** The text with every known or credential-shaped secret masked; null stays null. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) return text;
        String out = text;
        for (String s : KNOWN) {
            if (out.contains(s)) out = out.replace(s, MASK);
        }
        out = URL_USERINFO.matcher(out).replaceAll("$1:" + MASK + "@");
        out = KEY_VALUE.matcher(out).replaceAll("$1" + MASK);
        return out;
    }
}
