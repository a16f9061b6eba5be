package dev.stampede.cli.dashboard;

import com.sun.net.httpserver.HttpExchange;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * The dashboard's access token: every request must carry it, as the query parameter {@value #PARAMETER} (the
 * printed URL) or the cookie {@value #COOKIE} (set when the page is opened with the parameter, so the page's own
 * requests carry it without the token ever reaching its scripts). Compared in constant time. It keeps other local
 * users and other sites' pages (DNS rebinding, cross-site requests) away from the stop button; it is not a password
 * and is printed in the URL line. Immutable and thread-safe.
 */
final class AccessToken {
    static final String PARAMETER = "token";
    static final String COOKIE = "stampede_dashboard";
    private final String value;

    AccessToken(String value) {
        this.value = value;
    }

    /** 192 random bits, URL-safe base64 (32 characters). */
    static AccessToken random() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return new AccessToken(Base64.getUrlEncoder().withoutPadding().encodeToString(b));
    }

    String value() { return value; }

    /** The {@code Set-Cookie} value that lets the page's own requests through (HttpOnly, same-site only). */
    String cookie() {
        return COOKIE + "=" + value + "; Path=/; HttpOnly; SameSite=Strict";
    }

    /** True when {@code candidate} is the token; constant time in the candidate's content. */
    boolean matches(String candidate) {
        if (candidate == null) return false;
        return MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether the request carries the token in its query (raw, undecoded: the token is URL-safe). */
    boolean inQuery(String rawQuery) {
        if (rawQuery == null) return false;
        boolean ok = false;
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith(PARAMETER + "=")) ok |= matches(pair.substring(PARAMETER.length() + 1));
        }
        return ok;
    }

    /** Whether one of the {@code Cookie} headers carries the token. */
    boolean inCookies(List<String> cookieHeaders) {
        if (cookieHeaders == null) return false;
        boolean ok = false;
        for (String header : cookieHeaders) {
            for (String c : header.split(";")) {
                String t = c.trim();
                if (t.startsWith(COOKIE + "=")) ok |= matches(t.substring(COOKIE.length() + 1));
            }
        }
        return ok;
    }

    /** Whether the request carries the token, in its query or a cookie. */
    boolean admits(HttpExchange exchange) {
        return inQuery(exchange.getRequestURI().getRawQuery()) || inCookies(exchange.getRequestHeaders().get("Cookie"));
    }
}
