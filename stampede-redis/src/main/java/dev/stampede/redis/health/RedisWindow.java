package dev.stampede.redis.health;

import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.metrics.LatencyStats;
import dev.stampede.core.metrics.OperationSummary;
import dev.stampede.redis.RedisInfo;
import dev.stampede.redis.workload.CacheAsideWorkload;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The server snapshots at the edges of a scenario's recorded phase, and the report built from their difference and
 * the client's metrics. Session (engine) thread only.
 */
public final class RedisWindow {
    /** Commands Stampede's own monitoring sends (left out of the per-command table). */
    private static final java.util.regex.Pattern MONITORING = java.util.regex.Pattern.compile("INFO|SLOWLOG|MEMORY|SCAN|CONFIG|CLIENT|HELLO|PING");
    private final ServerView view;
    private final int database;
    private final boolean embedded;
    private RedisInfo start;
    private long startSent;
    private long slowlogFloor = -1;
    private RedisInfo end;
    private long endSent;
    private List<ServerView.SlowEntry> slow = List.of();
    private String failure;

    public RedisWindow(ServerView view, int database, boolean embedded) {
        this.view = view;
        this.database = database;
        this.embedded = embedded;
    }

    /** At the recorded phase's start. */
    public void markStart() {
        try {
            startSent = view.sent();
            start = view.infoWithCommands();
            slowlogFloor = view.newestSlowlogId();
        } catch (RuntimeException e) {
            start = null;
            failure = dev.stampede.core.util.Secrets.redact(e.getMessage());
        }
    }

    /** Why the window is incomplete (Redis did not answer at an edge), or null. */
    public String failure() { return failure; }

    /** At the recorded phase's end. */
    public void markEnd() {
        if (start == null) return;
        try {
            endSent = view.sent();
            end = view.infoWithCommands();
            slow = view.slowlogSince(slowlogFloor);
        } catch (RuntimeException e) {
            end = null;
            failure = dev.stampede.core.util.Secrets.redact(e.getMessage());
        }
    }

    public boolean complete() { return start != null && end != null; }

    /** Builds the report; {@code clientCommands} is the workload's own count for the window. */
    public RedisReport report(ScenarioRun run, String server, String workload, long clientCommands, CacheAsideWorkload cache,
                              Map<String, Long> sampledKeyBytes) {
        Map<String, OperationSummary> ops = new LinkedHashMap<>();
        for (OperationSummary o : run.metrics().operations()) ops.put(o.name(), o);
        OperationSummary hit = ops.get(CacheAsideWorkload.HIT), miss = ops.get(CacheAsideWorkload.MISS);
        long hits = hit == null ? 0 : hit.ok(), misses = miss == null ? 0 : miss.ok();
        Double clientRate = cache == null || hits + misses == 0 ? null : (double) hits / (hits + misses);
        long ksHits = end.count("keyspace_hits") - start.count("keyspace_hits");
        long ksMisses = end.count("keyspace_misses") - start.count("keyspace_misses");
        Double serverRate = ksHits + ksMisses == 0 ? null : (double) ksHits / (ksHits + ksMisses);
        String hitCheck = null;
        if (clientRate != null && serverRate != null) {
            double diff = Math.abs(clientRate - serverRate) * 100;
            hitCheck = diff <= 1.0 ? f("client %.2f %% and server %.2f %% agree within 1 %% (difference %.2f points)", clientRate * 100,
                    serverRate * 100, diff)
                    : f("client %.2f %% vs server %.2f %%: %.2f points apart; likely cause: %s", clientRate * 100, serverRate * 100, diff,
                    embedded ? "reads in flight at the window's edges, or GETs of an unfinished attempt"
                            : "other clients reading keys on the same server, whose hits and misses Redis counts too");
        }
        long monitor = Math.max(0, endSent - startSent);
        long serverCommands = end.count("total_commands_processed") - start.count("total_commands_processed") - monitor;
        String cmdCheck = null;
        if (clientCommands > 0) {
            double diff = 100.0 * Math.abs(serverCommands - clientCommands) / clientCommands;
            cmdCheck = diff <= 1.0 ? f("client sent %d commands, the server processed %d (without Stampede's %d monitoring "
                    + "commands): within 1 %%", clientCommands, serverCommands, monitor)
                    : f("client sent %d commands, the server processed %d (without Stampede's %d monitoring commands): %.1f %% apart; "
                    + "likely cause: %s", clientCommands, serverCommands, monitor, diff, serverCommands > clientCommands
                    ? "other clients of the same server" : "commands still in flight when the window closed");
        }
        long used = end.count("used_memory"), max = end.count("maxmemory");
        long keysDelta = end.keys(database) - start.keys(database);
        long memDelta = used - start.count("used_memory");
        List<RedisReport.CommandRow> rows = new ArrayList<>();
        end.commands().forEach((cmd, e) -> {
            RedisInfo.CommandStat s = start.commands().get(cmd);
            long calls = e.calls() - (s == null ? 0 : s.calls());
            if (calls <= 0 || MONITORING.matcher(cmd).lookingAt()) return;
            long usec = e.usec() - (s == null ? 0 : s.usec());
            long failed = e.failedCalls() - (s == null ? 0 : s.failedCalls());
            OperationSummary client = ops.get(cmd);
            rows.add(new RedisReport.CommandRow(cmd, calls, (double) usec / calls, failed, client == null ? null : client.latency().meanMs(),
                    client == null ? null : client.latency().p99Ms()));
        });
        rows.sort((a, b) -> Long.compare(b.calls(), a.calls()));
        return new RedisReport(server, workload, clientRate, hits, misses, ksHits, ksMisses, serverRate, hitCheck, clientCommands,
                serverCommands, monitor, cmdCheck, used, end.count("used_memory_peak"), end.number("mem_fragmentation_ratio", 0), max,
                end.text("maxmemory_policy"), max > 0 ? 100.0 * used / max : null, memDelta, keysDelta,
                keysDelta > 0 ? (double) memDelta / keysDelta : null,
                end.count("evicted_keys") - start.count("evicted_keys"), end.count("expired_keys") - start.count("expired_keys"),
                end.count("rejected_connections") - start.count("rejected_connections"), end.count("connected_clients"),
                end.count("blocked_clients"), slow, rows, hit == null ? null : percentiles(hit.latency()),
                miss == null ? null : percentiles(miss.latency()), cache == null ? null : percentiles(cache.missDbMicros()),
                cache == null ? null : percentiles(cache.missSetMicros()), cache == null ? 0 : cache.staleReads(),
                cache == null ? 0 : cache.checkedHits(), sampledKeyBytes, cache == null ? Map.of() : cache.hotKeys(5), embedded);
    }

    static Map<String, Double> percentiles(LatencyStats l) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("count", (double) l.count());
        m.put("mean_ms", l.meanMs());
        m.put("p50_ms", l.p50Ms());
        m.put("p95_ms", l.p95Ms());
        m.put("p99_ms", l.p99Ms());
        m.put("max_ms", l.maxMs());
        return m;
    }

    static Map<String, Double> percentiles(Histogram h) {
        return dev.stampede.core.metrics.SideHistograms.percentilesMs(h);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
