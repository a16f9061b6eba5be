package dev.stampede.redis.health;

import dev.stampede.core.report.HtmlOut;
import dev.stampede.core.report.RunReport;
import dev.stampede.core.report.ScenarioReport;
import dev.stampede.core.target.ReportSection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Redis section of the reports: hit rates (client and server) with their cross-check, memory, evictions,
 * per-command server time beside client latency, hit and miss latency, slow log entries, sampled key sizes and hot
 * keys; in report.md and report.html, and as redis.csv (one row per scenario) and redis_commands.csv. Stateless.
 */
public final class RedisSection implements ReportSection {

    @Override public String key() { return RedisReport.KEY; }

    @Override
    public void markdown(Object extra, StringBuilder b) {
        if (!(extra instanceof RedisReport r)) return;
        b.append("### Redis\n\n");
        for (String[] row : facts(r)) b.append("- ").append(row[0]).append(": ").append(row[1]).append('\n');
        b.append('\n');
        if (!r.commandStats().isEmpty()) {
            b.append("| Command | Server calls | Server µs/call | Client mean ms | Client p99 ms |\n|---|---:|---:|---:|---:|\n");
            for (RedisReport.CommandRow c : r.commandStats()) {
                b.append("| ").append(c.command()).append(" | ").append(c.calls()).append(" | ").append(f("%.2f", c.serverMicrosPerCall()))
                        .append(" | ").append(c.clientMeanMs() == null ? "" : f("%.3f", c.clientMeanMs())).append(" | ")
                        .append(c.clientP99Ms() == null ? "" : f("%.3f", c.clientP99Ms())).append(" |\n");
            }
            b.append('\n');
        }
        latency(b, "cache hit", r.hitLatency());
        latency(b, "cache miss (whole miss path)", r.missLatency());
        latency(b, "miss path: PostgreSQL query", r.missDbLatency());
        latency(b, "miss path: SET", r.missSetLatency());
        if (!r.slowlog().isEmpty()) {
            b.append("Slow log entries in the window: ").append(r.slowlog().size()).append('\n');
            for (ServerView.SlowEntry e : r.slowlog().subList(0, Math.min(10, r.slowlog().size()))) {
                b.append("- ").append(e.micros()).append(" µs: `").append(e.command().replace("`", "'")).append("`\n");
            }
            b.append('\n');
        }
    }

    private static void latency(StringBuilder b, String what, Map<String, Double> p) {
        if (p == null) return;
        b.append("- ").append(what).append(": ").append(latencyText(p)).append('\n');
    }

    static String latencyText(Map<String, Double> p) {
        return f("%.0f samples, mean %.3f ms, p50 %.3f, p95 %.3f, p99 %.3f, max %.3f ms", p.get("count"), p.get("mean_ms"),
                p.get("p50_ms"), p.get("p95_ms"), p.get("p99_ms"), p.get("max_ms"));
    }

    /** The headline facts, label and value, shared by every format. */
    static List<String[]> facts(RedisReport r) {
        List<String[]> out = new ArrayList<>();
        out.add(new String[]{"Server", r.server() + (r.embedded() ? " (embedded)" : "")});
        out.add(new String[]{"Workload", r.workload()});
        if (r.clientHitRate() != null) {
            out.add(new String[]{"Client hit rate", f("%.2f %% (%d hits, %d misses)", r.clientHitRate() * 100, r.clientHits(), r.clientMisses())});
        }
        out.add(new String[]{"Server keyspace hits / misses (delta)", r.keyspaceHits() + " / " + r.keyspaceMisses()
                + (r.serverHitRate() == null ? "" : f(" (%.2f %%)", r.serverHitRate() * 100))});
        if (r.hitRateCheck() != null) out.add(new String[]{"Hit rate cross-check", r.hitRateCheck()});
        if (r.commandCheck() != null) out.add(new String[]{"Command count cross-check", r.commandCheck()});
        out.add(new String[]{"Used memory", mb(r.usedMemoryBytes()) + " (peak " + mb(r.usedMemoryPeakBytes()) + f(", fragmentation %.2f)",
                r.fragmentationRatio())});
        out.add(new String[]{"maxmemory", r.maxmemoryBytes() == 0 ? "not set (policy " + r.maxmemoryPolicy() + ")"
                : mb(r.maxmemoryBytes()) + ", policy " + r.maxmemoryPolicy() + f(", usage %.1f %%", r.memoryUsagePercent())});
        out.add(new String[]{"Memory growth", f("%+d bytes for %+d keys", r.usedMemoryDeltaBytes(), r.keysDelta())
                + (r.bytesPerKey() == null ? "" : f(" (%.0f bytes per key)", r.bytesPerKey()))});
        out.add(new String[]{"Evicted / expired keys", r.evictedKeys() + " / " + r.expiredKeys()});
        out.add(new String[]{"Clients at the end (connected / blocked), rejected connections", r.connectedClients() + " / "
                + r.blockedClients() + ", " + r.rejectedConnections()});
        if (r.checkedHits() > 0) out.add(new String[]{"Stale reads", r.staleReads() + " of " + r.checkedHits() + " hits"});
        if (!r.sampledKeyBytes().isEmpty()) {
            long total = 0, max = 0;
            for (long v : r.sampledKeyBytes().values()) {
                total += v;
                max = Math.max(max, v);
            }
            out.add(new String[]{"MEMORY USAGE of sampled keys", f("%d keys, mean %.0f bytes, largest %d bytes", r.sampledKeyBytes().size(),
                    (double) total / r.sampledKeyBytes().size(), max)});
        }
        if (!r.hotKeys().isEmpty()) {
            StringBuilder h = new StringBuilder();
            r.hotKeys().forEach((k, v) -> h.append(h.isEmpty() ? "" : ", ").append(k).append(f(" %.1f %%", v * 100)));
            out.add(new String[]{"Hottest keys (client sample)", h.toString()});
        }
        return out;
    }

    @Override
    public void html(Object extra, HtmlOut out) {
        if (!(extra instanceof RedisReport r)) return;
        out.subheading("Redis");
        List<List<?>> rows = new ArrayList<>();
        for (String[] f : facts(r)) rows.add(List.of(f[0], f[1]));
        out.table(List.of("Fact", "Value"), rows);
        if (!r.commandStats().isEmpty()) {
            List<List<?>> c = new ArrayList<>();
            for (RedisReport.CommandRow row : r.commandStats()) {
                c.add(List.of(row.command(), HtmlOut.num(row.calls(), Long.toString(row.calls())),
                        HtmlOut.num(row.serverMicrosPerCall(), f("%.2f", row.serverMicrosPerCall())),
                        row.clientMeanMs() == null ? "" : HtmlOut.num(row.clientMeanMs(), f("%.3f", row.clientMeanMs())),
                        row.clientP99Ms() == null ? "" : HtmlOut.num(row.clientP99Ms(), f("%.3f", row.clientP99Ms()))));
            }
            out.table(List.of("Command", "Server calls", "Server µs/call", "Client mean ms", "Client p99 ms"), c);
        }
        List<String> lat = new ArrayList<>();
        if (r.hitLatency() != null) lat.add("cache hit: " + latencyText(r.hitLatency()));
        if (r.missLatency() != null) lat.add("cache miss: " + latencyText(r.missLatency()));
        if (r.missDbLatency() != null) lat.add("miss path, PostgreSQL: " + latencyText(r.missDbLatency()));
        if (r.missSetLatency() != null) lat.add("miss path, SET: " + latencyText(r.missSetLatency()));
        if (!lat.isEmpty()) out.list(lat);
        if (!r.slowlog().isEmpty()) {
            List<List<?>> s = new ArrayList<>();
            for (ServerView.SlowEntry e : r.slowlog()) s.add(List.of(HtmlOut.num(e.micros(), Long.toString(e.micros())), e.command()));
            out.table(List.of("Slow log µs", "Command"), s);
        }
    }

    @Override
    public List<Path> csv(RunReport report, Path dir) throws IOException {
        StringBuilder main = new StringBuilder("scenario,client_hit_rate,keyspace_hits,keyspace_misses,server_hit_rate,client_commands,"
                + "server_commands,used_memory_bytes,maxmemory_bytes,evicted_keys,expired_keys,stale_reads,hit_p50_ms,hit_p99_ms,"
                + "miss_p50_ms,miss_p99_ms\n");
        StringBuilder cmds = new StringBuilder("scenario,command,server_calls,server_us_per_call,client_mean_ms,client_p99_ms\n");
        boolean any = false;
        for (ScenarioReport s : report.scenarios()) {
            if (!(s.extras().get(RedisReport.KEY) instanceof RedisReport r)) continue;
            any = true;
            main.append(String.join(",", s.name(), d(r.clientHitRate()), Long.toString(r.keyspaceHits()), Long.toString(r.keyspaceMisses()),
                    d(r.serverHitRate()), Long.toString(r.clientCommands()), Long.toString(r.serverCommands()),
                    Long.toString(r.usedMemoryBytes()), Long.toString(r.maxmemoryBytes()), Long.toString(r.evictedKeys()),
                    Long.toString(r.expiredKeys()), Long.toString(r.staleReads()), p(r.hitLatency(), "p50_ms"), p(r.hitLatency(), "p99_ms"),
                    p(r.missLatency(), "p50_ms"), p(r.missLatency(), "p99_ms"))).append('\n');
            for (RedisReport.CommandRow c : r.commandStats()) {
                cmds.append(String.join(",", s.name(), c.command(), Long.toString(c.calls()), f("%.3f", c.serverMicrosPerCall()),
                        d(c.clientMeanMs()), d(c.clientP99Ms()))).append('\n');
            }
        }
        if (!any) return List.of();
        Path a = dir.resolve("redis.csv"), b = dir.resolve("redis_commands.csv");
        Files.writeString(a, main);
        Files.writeString(b, cmds);
        return List.of(a, b);
    }

    private static String d(Double v) { return v == null ? "" : f("%.6f", v); }

    private static String p(Map<String, Double> m, String k) { return m == null ? "" : f("%.4f", m.get(k)); }

    private static String mb(long bytes) { return f("%.2f MB", bytes / (1024.0 * 1024)); }

    private static String f(String format, Object... args) { return String.format(Locale.ROOT, format, args); }
}
