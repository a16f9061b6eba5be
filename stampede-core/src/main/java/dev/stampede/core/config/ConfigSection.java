package dev.stampede.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Typed, validated reads from one object (a section) of a {@link ConfigTree}. Every error names the key's full
 * path, the offending value, where it came from and what is accepted. Target providers bind their own section
 * with it. Not thread-safe.
 */
public final class ConfigSection {
    private final ObjectNode node;
    private final String path;
    private final ConfigTree tree;

    ConfigSection(ObjectNode node, String path, ConfigTree tree) {
        this.node = node;
        this.path = path;
        this.tree = tree;
    }

    /** The whole tree as a section, for settings bound outside this package (the capacity search's). */
    public static ConfigSection root(ConfigTree tree) {
        return new ConfigSection(tree.root(), "", tree);
    }

    /** The object under {@code key}; an empty one when absent. */
    public ConfigSection child(String key) {
        JsonNode c = node.get(key);
        if (c == null || c.isNull()) return new ConfigSection(new ObjectNode(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance), full(key), tree);
        if (!(c instanceof ObjectNode o)) throw bad(key, c, "a mapping of settings");
        return new ConfigSection(o, full(key), tree);
    }

    public ObjectNode raw() { return node; }

    public String path() { return path; }

    public ConfigTree tree() { return tree; }

    public boolean has(String key) {
        JsonNode c = node.get(key);
        return c != null && !c.isNull();
    }

    /** Rejects keys outside {@code allowed}, naming where the key was set and the nearest valid key. */
    public void allowOnly(Set<String> allowed) {
        node.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k)) {
                String hint = closest(k, allowed);
                String nearest = hint != null ? hint : nearest(k, allowed);
                throw new ConfigException("unknown setting '" + full(k) + "' (from " + tree.origin(full(k)) + ")"
                        + (hint != null ? "; did you mean '" + hint + "'?"
                        : "; the nearest valid key " + (path.isEmpty() ? "at the top" : "in '" + path + "'") + " is '" + nearest
                        + "'; known here: " + String.join(", ", new java.util.TreeSet<>(allowed))));
            }
        });
    }

    public String string(String key, String dflt) {
        JsonNode c = node.get(key);
        if (c == null || c.isNull()) return dflt;
        if (!c.isValueNode()) throw bad(key, c, "a single value");
        return c.asText();
    }

    public Integer integer(String key, Integer dflt, int min, int max) {
        Long v = wholeNumber(key);
        if (v == null) return dflt;
        if (v < min || v > max) throw bad(key, node.get(key), "a whole number from " + min + " to " + max);
        return v.intValue();
    }

    public Long longValue(String key, Long dflt, long min) {
        Long v = wholeNumber(key);
        if (v == null) return dflt;
        if (v < min) throw bad(key, node.get(key), "a whole number of at least " + min);
        return v;
    }

    /** The value at {@code key} as a whole number (also from text such as "20", as environment values are), or null. */
    private Long wholeNumber(String key) {
        JsonNode c = node.get(key);
        if (c == null || c.isNull()) return null;
        if (c.isIntegralNumber()) return c.asLong();
        if (c.isTextual() && c.asText().trim().matches("-?\\d{1,18}")) return Long.parseLong(c.asText().trim());
        throw bad(key, c, "a whole number");
    }

    public Double number(String key, Double dflt, double min, double max) {
        JsonNode c = node.get(key);
        if (c == null || c.isNull()) return dflt;
        double v;
        if (c.isNumber()) v = c.asDouble();
        else {
            try {
                v = Double.parseDouble(c.asText().trim());
            } catch (NumberFormatException e) {
                throw bad(key, c, "a number");
            }
        }
        if (Double.isNaN(v) || v < min || v > max) throw bad(key, c, "a number from " + fmt(min) + " to " + fmt(max));
        return v;
    }

    /** A duration; bare numbers are taken in {@code unitSeconds} (1 = seconds). Zero allowed when {@code allowZero}. */
    public Duration duration(String key, Duration dflt, double unitSeconds, boolean allowZero) {
        JsonNode c = node.get(key);
        if (c == null || c.isNull()) return dflt;
        Duration d;
        try {
            d = Durations.parse(c.asText(), unitSeconds);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("setting '" + full(key) + "' (from " + tree.origin(full(key)) + "): "
                    + e.getMessage());
        }
        if (d.isZero() && !allowZero) throw bad(key, c, "a positive duration such as 30s or 5m");
        return d;
    }

    public boolean bool(String key, boolean dflt) {
        JsonNode c = node.get(key);
        if (c == null || c.isNull()) return dflt;
        if (c.isBoolean()) return c.asBoolean();
        String t = c.asText().toLowerCase(Locale.ROOT);
        if (t.equals("true") || t.equals("yes")) return true;
        if (t.equals("false") || t.equals("no")) return false;
        throw bad(key, c, "true or false");
    }

    public <E extends Enum<E>> E enumValue(String key, Class<E> type, E dflt) {
        String v = string(key, null);
        if (v == null) return dflt;
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v.replace('-', '_'))) return e;
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) names.add(e.name().toLowerCase(Locale.ROOT));
        throw bad(key, node.get(key), "one of " + String.join(", ", names));
    }

    public List<String> strings(String key) {
        JsonNode c = node.get(key);
        List<String> out = new ArrayList<>();
        if (c == null || c.isNull()) return out;
        if (c.isArray()) {
            c.forEach(x -> out.add(x.asText()));
        } else if (c.isValueNode()) {
            for (String s : c.asText().split("[,\\s]+")) if (!s.isBlank()) out.add(s);
        } else {
            throw bad(key, c, "a list of names");
        }
        return out;
    }

    public double[] bands(String key, double[] dflt) {
        JsonNode c = node.get(key);
        if (c == null || c.isNull()) return dflt;
        if (!c.isArray() || c.size() != 3) throw bad(key, c, "a list of three ascending numbers, like [50, 100, 200]");
        double[] out = new double[3];
        for (int i = 0; i < 3; i++) {
            if (!c.get(i).isNumber()) throw bad(key, c, "a list of three ascending numbers");
            out[i] = c.get(i).asDouble();
            if (i > 0 && out[i] <= out[i - 1]) throw bad(key, c, "a list of three ascending numbers");
        }
        return out;
    }

    public String full(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public ConfigException bad(String key, JsonNode value, String expected) {
        String shown = value == null ? "nothing" : value.isTextual() ? "'" + dev.stampede.core.util.Secrets.redact(value.asText()) + "'"
                : dev.stampede.core.util.Secrets.redact(value.toString());
        return new ConfigException("setting '" + full(key) + "' is " + shown + " (from " + tree.origin(full(key))
                + "); it must be " + expected);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    /** The allowed name within edit distance 3 of {@code k}, or null. */
    public static String closest(String k, Set<String> allowed) {
        String best = null;
        int bestD = 4;
        for (String a : allowed) {
            int d = distance(k, a);
            if (d < bestD) { bestD = d; best = a; }
        }
        return best;
    }

    /** The allowed name nearest to {@code k} by edit distance, however far; null when none is allowed. */
    static String nearest(String k, Set<String> allowed) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String a : new java.util.TreeSet<>(allowed)) {
            int d = distance(k, a);
            if (d < bestD) { bestD = d; best = a; }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[b.length()];
    }
}
