package dev.stampede.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One record of game state, the same in both stores. Values as text (integers in decimal, JSON columns as JSON text);
 * {@link #sameAs} compares JSON by value, because PostgreSQL's jsonb normalises spacing and key order. Immutable.
 *
 * @param values every column of {@code kind} but the id, by name
 * @param v      the record's version, from 1
 */
record Row(Kind kind, String id, Map<String, String> values, long v) {
    private static final ObjectMapper JSON = new ObjectMapper();

    Row {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        values = java.util.Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /** The key that names this record in reports: {@code game:g17}. */
    String key() { return kind.segment + ":" + id; }

    static String key(Kind kind, String id) { return kind.segment + ":" + id; }

    /** True when both hold the same version and the same values (JSON compared by value). */
    boolean sameAs(Row other) {
        if (other == null || other.kind != kind || !other.id.equals(id) || other.v != v) return false;
        for (Kind.Column c : kind.columns) {
            String a = values.get(c.name()), b = other.values.get(c.name());
            if (a == null || b == null) {
                if (a != b) return false;
                continue;
            }
            if (c.type() == Kind.Type.JSON ? !json(a).equals(json(b)) : !a.equals(b)) return false;
        }
        return true;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            return JSON.getNodeFactory().textNode(text);
        }
    }

    /** A short form for report samples: version and values. */
    String summary() {
        return "v" + v + " " + values;
    }
}
