package dev.stampede.redis;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One parsed INFO reply: {@code field:value} lines by field, and the {@code cmdstat_*} lines as per-command calls
 * and microseconds. Immutable.
 */
public record RedisInfo(Map<String, String> fields, Map<String, CommandStat> commands) {

    /** One command's cumulative server-side statistics. */
    public record CommandStat(long calls, long usec, long failedCalls) {
    }

    public static RedisInfo parse(String info) {
        Map<String, String> f = new LinkedHashMap<>();
        Map<String, CommandStat> c = new LinkedHashMap<>();
        for (String line : info.split("\r?\n")) {
            if (line.isEmpty() || line.startsWith("#")) continue;
            int colon = line.indexOf(':');
            if (colon < 0) continue;
            String k = line.substring(0, colon), v = line.substring(colon + 1).trim();
            if (k.startsWith("cmdstat_")) {
                Map<String, String> parts = csv(v);
                c.put(k.substring(8).toUpperCase(java.util.Locale.ROOT), new CommandStat(num(parts.get("calls")), num(parts.get("usec")),
                        num(parts.get("failed_calls")) + num(parts.get("rejected_calls"))));
            } else {
                f.put(k, v);
            }
        }
        return new RedisInfo(Map.copyOf(f), Map.copyOf(c));
    }

    /** {@code a=1,b=2} as a map. */
    static Map<String, String> csv(String v) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String p : v.split(",")) {
            int eq = p.indexOf('=');
            if (eq > 0) m.put(p.substring(0, eq), p.substring(eq + 1));
        }
        return m;
    }

    private static long num(String s) {
        if (s == null) return 0;
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A numeric field, or {@code dflt} when absent or not a number. */
    public double number(String field, double dflt) {
        String v = fields.get(field);
        if (v == null) return dflt;
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    public long count(String field) { return (long) number(field, 0); }

    public String text(String field) { return fields.get(field); }

    /** Keys in database {@code db} (the {@code dbN:keys=...} line), 0 when it has none. */
    public long keys(int db) {
        String v = fields.get("db" + db);
        if (v == null) return 0;
        String k = csv(v).get("keys");
        return k == null ? 0 : Long.parseLong(k);
    }
}
