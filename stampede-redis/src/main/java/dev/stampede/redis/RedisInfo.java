package dev.stampede.redis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /** Fields that add up over a cluster's masters: counters, memory, clients. */
    private static final Set<String> ADDITIVE = Set.of("total_commands_processed", "keyspace_hits", "keyspace_misses", "expired_keys",
            "evicted_keys", "used_memory", "used_memory_rss", "used_memory_peak", "maxmemory", "connected_clients", "blocked_clients",
            "rejected_connections", "total_connections_received", "total_net_input_bytes", "total_net_output_bytes",
            "instantaneous_ops_per_sec");

    /**
     * A Redis Cluster's INFO as the sum over its masters (each master holds its own slots' keys and counts its own
     * commands, so one node's INFO is a fraction of the run): the counters, memory and client fields of
     * {@link #ADDITIVE} and the {@code dbN} key counts are summed, {@code cmdstat_*} calls and microseconds too;
     * {@code mem_fragmentation_ratio} is the worst node's, {@code loading} is 1 when any node is loading, and every
     * other field is the first node's. {@code used_memory_peak} becomes the sum of the nodes' peaks, an upper bound of
     * the cluster's. One node: that node's INFO unchanged.
     */
    public static RedisInfo sum(List<RedisInfo> nodes) {
        if (nodes.isEmpty()) throw new IllegalArgumentException("no node to sum");
        if (nodes.size() == 1) return nodes.get(0);
        Map<String, String> f = new LinkedHashMap<>(nodes.get(0).fields());
        Map<String, CommandStat> c = new LinkedHashMap<>();
        for (String k : f.keySet()) {
            if (ADDITIVE.contains(k)) {
                long total = 0;
                for (RedisInfo n : nodes) total += n.count(k);
                f.put(k, Long.toString(total));
            } else if (k.equals("mem_fragmentation_ratio")) {
                double worst = 0;
                for (RedisInfo n : nodes) worst = Math.max(worst, n.number(k, 0));
                f.put(k, Double.toString(worst));
            } else if (k.equals("loading")) {
                boolean any = false;
                for (RedisInfo n : nodes) any |= "1".equals(n.text(k));
                f.put(k, any ? "1" : "0");
            }
        }
        Map<String, long[]> dbs = new LinkedHashMap<>(); // dbN -> {keys, expires}
        for (RedisInfo n : nodes) {
            for (Map.Entry<String, String> e : n.fields().entrySet()) {
                if (!e.getKey().matches("db\\d+")) continue;
                Map<String, String> kv = csv(e.getValue());
                long[] acc = dbs.computeIfAbsent(e.getKey(), k -> new long[2]);
                acc[0] += num(kv.get("keys"));
                acc[1] += num(kv.get("expires"));
            }
            for (Map.Entry<String, CommandStat> e : n.commands().entrySet()) {
                c.merge(e.getKey(), e.getValue(), (a, b) -> new CommandStat(a.calls() + b.calls(), a.usec() + b.usec(),
                        a.failedCalls() + b.failedCalls()));
            }
        }
        dbs.forEach((db, acc) -> f.put(db, "keys=" + acc[0] + ",expires=" + acc[1]));
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
