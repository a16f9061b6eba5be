package dev.stampede.http.persona;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Where each key and value of a YAML or JSON document is (line and column, 1-based), by path
 * ({@code personas[0].tasks[1].check}), so that a message can point at the exact place. Built by walking the same
 * document's tokens once. Immutable after {@link #read}.
 */
final class Locations implements Function<String, String> {
    /** Suffix of a path that asks for the key's place rather than its value's. */
    static final String KEY = "@key";
    private final String file;
    private final Map<String, String> at = new HashMap<>();

    private Locations(String file) {
        this.file = file;
    }

    static Locations read(JsonParser p, String file) throws IOException {
        Locations l = new Locations(file);
        if (p.nextToken() != null) l.walk(p, "");
        return l;
    }

    private void walk(JsonParser p, String path) throws IOException {
        JsonToken t = p.currentToken();
        // a scalar points at its value; a mapping or list at its key (or its start)
        if (t.isScalarValue()) at.put(path, format(p.currentTokenLocation()));
        else at.putIfAbsent(path, format(p.currentTokenLocation()));
        if (t == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String sub = path.isEmpty() ? p.currentName() : path + "." + p.currentName();
                at.put(sub, format(p.currentTokenLocation()));
                at.put(sub + KEY, format(p.currentTokenLocation()));
                p.nextToken();
                walk(p, sub);
            }
        } else if (t == JsonToken.START_ARRAY) {
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) walk(p, path + "[" + i++ + "]");
        }
    }

    private String format(JsonLocation loc) {
        return file + ", line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }

    /** "file, line L, column C" of {@code path}, or of its nearest enclosing element. */
    @Override
    public String apply(String path) {
        if (path.endsWith(KEY) && at.containsKey(path)) return at.get(path);
        String p = path.endsWith(KEY) ? path.substring(0, path.length() - KEY.length()) : path;
        while (true) {
            String s = at.get(p);
            if (s != null) return s;
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            if (cut <= 0) return file;
            p = p.substring(0, cut);
        }
    }
}
