package dev.stampede.postgres;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code postmaster.opts}, the command line PostgreSQL writes into its data directory at start
 * ({@code /path/bin/postgres "-D" "/data" "-p" "5432" "-c" "fsync=on"}), so a stopped server can be started again with
 * the same settings. Stateless.
 */
final class PostmasterOptions {
    private PostmasterOptions() {
    }

    /** The words of the command line: the binary first, then each argument unquoted. */
    static List<String> parse(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false, any = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(ch) && !quoted) {
                if (any) out.add(cur.toString());
                cur.setLength(0);
                any = false;
            } else {
                cur.append(ch);
                any = true;
            }
        }
        if (any) out.add(cur.toString());
        if (out.isEmpty()) throw new IllegalArgumentException("postmaster.opts is empty");
        return out;
    }
}
