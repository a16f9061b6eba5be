package dev.stampede.http.persona;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A small JSON path: {@code $}, then {@code .name}, {@code ['name']} or {@code [index]} steps, for example
 * {@code $.data.items[0].id}. Compiled once when the persona file is read; {@link #read} is allocation-free apart from
 * Jackson's own lookups. Immutable and thread-safe.
 */
public final class JsonPath {
    private final String text;
    private final List<Object> steps;

    private JsonPath(String text, List<Object> steps) {
        this.text = text;
        this.steps = steps;
    }

    /**
     * Compiles {@code text}.
     *
     * @throws IllegalArgumentException naming the position (0-based character) and what was expected
     */
    public static JsonPath compile(String text) {
        if (text == null || !text.startsWith("$")) {
            throw new IllegalArgumentException("a JSON path starts with '$' (for example $.token or $.items[0].id)");
        }
        List<Object> steps = new ArrayList<>();
        int i = 1;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '.') {
                int start = ++i;
                while (i < n && text.charAt(i) != '.' && text.charAt(i) != '[') i++;
                if (i == start) throw new IllegalArgumentException("a name is expected after '.' at character " + start);
                steps.add(text.substring(start, i));
            } else if (c == '[') {
                int close = text.indexOf(']', i);
                if (close < 0) throw new IllegalArgumentException("'[' at character " + i + " is never closed with ']'");
                String inner = text.substring(i + 1, close).trim();
                if (inner.length() >= 2 && (inner.charAt(0) == '\'' || inner.charAt(0) == '"') && inner.charAt(inner.length() - 1) == inner.charAt(0)) {
                    steps.add(inner.substring(1, inner.length() - 1));
                } else {
                    try {
                        int idx = Integer.parseInt(inner);
                        if (idx < 0) throw new NumberFormatException();
                        steps.add(idx);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("'[" + inner + "]' at character " + i
                                + " is neither an index (a number from 0) nor a quoted name such as ['id']");
                    }
                }
                i = close + 1;
            } else {
                throw new IllegalArgumentException("unexpected '" + c + "' at character " + i + "; steps are .name, ['name'] or [index]");
            }
        }
        return new JsonPath(text, List.copyOf(steps));
    }

    /** The node at this path, or null when a step is missing. */
    public JsonNode read(JsonNode root) {
        JsonNode cur = root;
        for (Object s : steps) {
            if (cur == null) return null;
            cur = s instanceof Integer idx ? (cur.isArray() ? cur.get(idx) : null) : cur.get((String) s);
        }
        return cur == null || cur.isMissingNode() ? null : cur;
    }

    /** The value at this path as text (a string's value, or a number's or object's JSON), or null. */
    public String readText(JsonNode root) {
        JsonNode n = read(root);
        if (n == null || n.isNull()) return null;
        return n.isValueNode() ? n.asText() : n.toString();
    }

    @Override
    public String toString() { return text; }
}
