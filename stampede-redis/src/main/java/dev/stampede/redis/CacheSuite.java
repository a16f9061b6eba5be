package dev.stampede.redis;

import dev.stampede.core.config.ScenarioSpec;
import dev.stampede.core.engine.ArrivalProcess;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.metrics.OperationSummary;
import dev.stampede.core.verdict.MetricVerdict;
import dev.stampede.core.verdict.Status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Suite {@code cache}: seed 000's four Redis tests as scenarios, time-scalable like the presets. Hit rate under a
 * realistic (Zipfian) key distribution through cache-aside on PostgreSQL; operation latency of the raw command mix
 * against the rating bands; concurrent access at 1/10/50/100 clients with a scaling check across them; memory growth
 * per key and, on the embedded server only, eviction behaviour under a small maxmemory. Stateless.
 */
public final class CacheSuite {
    public static final String NAME = "cache";
    public static final String HIT_RATE = "cache-hit-rate", LATENCY = "cache-latency", MEMORY = "cache-memory", EVICTION = "cache-eviction";
    static final int[] CLIENTS = {1, 10, 50, 100};
    private static final Pattern CONCURRENCY = Pattern.compile("cache-concurrency-c(\\d+)");

    /**
     * A suite scenario's own knobs on top of the {@code redis} section.
     *
     * @param valueSize      bytes per value, 0 for the configured one
     * @param keySpace       keys, 0 for the configured one
     * @param maxmemoryBytes embedded server only: maxmemory set for the scenario (allkeys-lru), 0 for none
     * @param freshKeys      remove Stampede's own keys first, so that memory growth is this scenario's
     */
    record Tuning(int valueSize, int keySpace, long maxmemoryBytes, boolean freshKeys) {
        static final Tuning NONE = new Tuning(0, 0, 0, false);
    }

    private CacheSuite() {
    }

    static List<ScenarioSpec> scenarios() {
        List<ScenarioSpec> m = new ArrayList<>();
        m.add(spec(HIT_RATE, "Cache hit rate with Zipfian key popularity: cache-aside on PostgreSQL game players, cold start", 10,
                60, 10, 0.95, "cache-aside", List.of()));
        m.add(spec(LATENCY, "Redis operation latency of the raw command mix against the rating bands", 10, 30, 5, null, "redis", List.of()));
        for (int c : CLIENTS) {
            m.add(spec("cache-concurrency-c" + c, "Concurrent access: GET and SET at " + c + " client" + (c == 1 ? "" : "s"), c, 20, 5, null,
                    "redis", List.of("GET", "SET")));
        }
        m.add(spec(MEMORY, "Memory growth per key: SETs of 1 KB values into 20,000 fresh keys", 10, 20, 0, null, "redis", List.of("SET")));
        m.add(spec(EVICTION, "Eviction behaviour: SETs of 1 KB values beyond a 16 MB maxmemory (allkeys-lru; embedded server only)", 10,
                20, 0, null, "redis", List.of("SET")));
        return m;
    }

    static List<String> names() {
        return scenarios().stream().map(ScenarioSpec::name).toList();
    }

    static Tuning tuning(String scenario) {
        return switch (scenario) {
            case MEMORY -> new Tuning(1024, 20_000, 0, true);
            case EVICTION -> new Tuning(1024, 100_000, 16L * 1024 * 1024, true);
            default -> Tuning.NONE;
        };
    }

    private static ScenarioSpec spec(String name, String description, int users, int seconds, int warmupSeconds, Double readRatio,
                                     String workload, List<String> operations) {
        return new ScenarioSpec(name, description, users, Duration.ofSeconds(seconds), 0, ArrivalProcess.CONSTANT, Duration.ZERO,
                Duration.ZERO, 0, readRatio, Duration.ofSeconds(warmupSeconds), List.of(), workload, operations);
    }

    /** Throughput scaling across the concurrency scenarios that ran, against the smallest. */
    static List<MetricVerdict> scaling(List<ScenarioRun> runs) {
        TreeMap<Integer, OperationSummary> s = new TreeMap<>();
        for (ScenarioRun r : runs) {
            Matcher m = CONCURRENCY.matcher(r.plan().name());
            if (m.matches() && r.metrics().all().ok() > 0) s.put(Integer.parseInt(m.group(1)), r.metrics().all());
        }
        List<MetricVerdict> out = new ArrayList<>();
        if (s.size() < 2) return out;
        int base = s.firstKey();
        OperationSummary b = s.get(base);
        for (Map.Entry<Integer, OperationSummary> e : s.tailMap(base, false).entrySet()) {
            int c = e.getKey();
            OperationSummary o = e.getValue();
            double scaling = o.throughputPerSec() / b.throughputPerSec();
            double latencyGrowth = o.latency().meanMs() / b.latency().meanMs();
            double concurrencyGrowth = (double) c / base;
            boolean bad = latencyGrowth > concurrencyGrowth || scaling < 1.0;
            out.add(new MetricVerdict("redis_concurrency_c" + c, f("Redis throughput scaling, %d vs %d clients", c, base), scaling, "x", null,
                    ">=", bad ? Status.WARNING : Status.PASSED, null,
                    f("%.0f -> %.0f ops/s; mean latency %.3f -> %.3f ms (%.1fx for %.0fx the clients)%s", b.throughputPerSec(),
                            o.throughputPerSec(), b.latency().meanMs(), o.latency().meanMs(), latencyGrowth, concurrencyGrowth,
                            bad ? (scaling < 1.0 ? ": throughput fell with more clients" : ": latency grows faster than the clients") : "")));
        }
        return out;
    }

    private static String f(String format, Object... args) { return String.format(Locale.ROOT, format, args); }
}
