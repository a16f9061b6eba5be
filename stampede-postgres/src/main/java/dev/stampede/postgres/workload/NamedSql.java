package dev.stampede.postgres.workload;

import java.util.ArrayList;
import java.util.List;

/**
 * SQL with {@code :name} parameters rewritten to JDBC's {@code ?}, skipping string literals,
 * quoted identifiers, comments, dollar-quoted bodies and {@code ::} casts. Values are always bound,
 * never spliced into the text. Immutable.
 *
 * @param sql    the statement with {@code ?} placeholders
 * @param params parameter names in placeholder order (a name may repeat)
 */
public record NamedSql(String sql, List<String> params) {

    public static NamedSql parse(String text) {
        StringBuilder out = new StringBuilder(text.length());
        List<String> names = new ArrayList<>();
        int i = 0, n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"') {
                int end = closeQuote(text, i, c);
                out.append(text, i, end);
                i = end;
            } else if (c == '-' && i + 1 < n && text.charAt(i + 1) == '-') {
                int end = text.indexOf('\n', i);
                end = end < 0 ? n : end;
                out.append(text, i, end);
                i = end;
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                out.append(text, i, end);
                i = end;
            } else if (c == '$') {
                int tagEnd = text.indexOf('$', i + 1);
                String tag = tagEnd > 0 ? text.substring(i, tagEnd + 1) : null;
                if (tag != null && tag.substring(1, tag.length() - 1).matches("[A-Za-z_0-9]*")
                        && !tag.substring(1, tag.length() - 1).matches("\\d+")) {
                    int close = text.indexOf(tag, tagEnd + 1);
                    int end = close < 0 ? n : close + tag.length();
                    out.append(text, i, end);
                    i = end;
                } else {
                    out.append(c);
                    i++;
                }
            } else if (c == ':' && i + 1 < n && text.charAt(i + 1) == ':') {
                out.append("::");
                i += 2;
            } else if (c == ':' && i + 1 < n && Character.isJavaIdentifierStart(text.charAt(i + 1))) {
                int j = i + 1;
                while (j < n && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_')) j++;
                names.add(text.substring(i + 1, j));
                out.append('?');
                i = j;
            } else {
                out.append(c);
                i++;
            }
        }
        return new NamedSql(out.toString(), List.copyOf(names));
    }

    private static int closeQuote(String t, int start, char q) {
        int i = start + 1;
        while (i < t.length()) {
            if (t.charAt(i) == q) {
                if (i + 1 < t.length() && t.charAt(i + 1) == q) { i += 2; continue; }
                return i + 1;
            }
            i++;
        }
        return t.length();
    }
}
