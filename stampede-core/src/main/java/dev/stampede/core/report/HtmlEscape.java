package dev.stampede.core.report;

/**
 * Escaping for the three contexts report.html puts foreign strings in (operation names, SQL text, error
 * messages, configuration values come from users and targets). Stateless and thread-safe.
 *
 * <ul>
 *   <li>{@link #text}: element content;</li>
 *   <li>{@link #attr}: a double-quoted attribute value;</li>
 *   <li>{@link #id}: an id or data-attribute token, reduced to {@code [A-Za-z0-9_-]};</li>
 *   <li>{@link #scriptJson}: JSON placed inside {@code <script type="application/json">}, where the HTML parser
 *       ends the block at the first {@code </script} whatever the JSON means.</li>
 * </ul>
 */
public final class HtmlEscape {
    private HtmlEscape() {
    }

    /** Element content: {@code & < >} and both quotes become entities; null becomes the empty string. */
    public static String text(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A double-quoted attribute value; the same entities as {@link #text}, which covers both quote styles. */
    public static String attr(String s) {
        return text(s);
    }

    /**
     * An id token: every character outside {@code [A-Za-z0-9_-]} replaced by {@code _}, so
     * {@code operations-<name>} is always a valid, markup-free id. Distinct names can map to the same id;
     * scenario names are unique in a run, and the page does not rely on ids being unique beyond that.
     */
    public static String id(String s) {
        if (s == null || s.isEmpty()) return "_";
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            b.append(ok ? c : '_');
        }
        return b.toString();
    }

    /**
     * JSON text made safe to embed in a script block: {@code < > &} and the line separators U+2028 and U+2029 as
     * six-character unicode escapes (backslash, u, four hex digits; {@code <} becomes {@code \}{@code u003c}).
     * In valid JSON those characters occur only inside strings, where the escape means the same character, so
     * the JSON parses back to the same value while {@code </script>} and {@code <!--} can never appear in the page.
     */
    public static String scriptJson(String json) {
        StringBuilder b = new StringBuilder(json.length() + 64);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '<' -> b.append("\\u003c");
                case '>' -> b.append("\\u003e");
                case '&' -> b.append("\\u0026");
                case '\u2028' -> b.append("\\u2028");
                case '\u2029' -> b.append("\\u2029");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
