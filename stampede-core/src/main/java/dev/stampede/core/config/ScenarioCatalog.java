package dev.stampede.core.config;

import dev.stampede.core.engine.ArrivalProcess;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in scenarios: seed 001's presets plus {@code quick}, and the query performance suite of
 * seeds 000 and 002. Connections are virtual users of the closed model; each load preset ramps its users
 * up over a tenth of its length (at most 30 s); suite scenarios start all users at once after a 3 s
 * unrecorded warm-up.
 */
public final class ScenarioCatalog {
    /** The query performance suite (seeds 000 and 002), runnable on its own as {@code --scenarios query-performance}. */
    public static final List<String> QUERY_PERFORMANCE = List.of("financial", "repo-crud", "repo-pagination", "repo-bulk",
            "repo-transactions", "repo-reads-c1", "repo-reads-c5", "repo-reads-c10", "repo-reads-c20",
            "repo-writes-c1", "repo-writes-c5", "repo-writes-c10", "repo-writes-c20");
    /** Named sets of scenarios that {@code --scenarios} expands. */
    public static final Map<String, List<String>> SETS = Map.of("query-performance", QUERY_PERFORMANCE);
    /** What {@code --full} runs, in order: the load presets, then the query performance suite. */
    public static final List<String> FULL = java.util.stream.Stream.concat(
            List.of("baseline", "normal", "peak", "stress", "endurance").stream(), QUERY_PERFORMANCE.stream()).toList();
    /** What {@code --load-test} runs, in order. */
    public static final List<String> LOAD_TEST = List.of("normal", "peak", "stress");
    /** What {@code --quick} runs. */
    public static final String QUICK = "quick";

    private ScenarioCatalog() {
    }

    public static Map<String, ScenarioSpec> presets() {
        Map<String, ScenarioSpec> m = new LinkedHashMap<>();
        put(m, "baseline", "Establish a performance baseline", 20, Duration.ofMinutes(5));
        put(m, "normal", "Typical operational load", 50, Duration.ofMinutes(10));
        put(m, "peak", "High-traffic load", 100, Duration.ofMinutes(15));
        put(m, "stress", "Find the breaking point", 200, Duration.ofMinutes(20));
        put(m, "endurance", "Long-term stability: leaks, connection churn, drift", 75, Duration.ofMinutes(60));
        m.put(QUICK, new ScenarioSpec(QUICK, "Scaled-down baseline for a first look (about 20 s)", 10,
                Duration.ofSeconds(20), 0, ArrivalProcess.CONSTANT, Duration.ofSeconds(2), Duration.ZERO, 0, null,
                Duration.ofSeconds(3), List.of()));
        suite(m, "financial", "Financial queries of seed 000: summaries, savings rate, running balances, GROUP BY, joins",
                10, Duration.ofMinutes(1), "financial", List.of());
        suite(m, "repo-crud", "Repository CRUD with seed 002's targets", 5, Duration.ofSeconds(30), "repository", List.of("crud"));
        suite(m, "repo-pagination", "Pagination at page sizes 10/25/50/100", 4, Duration.ofSeconds(30), "repository", List.of("pagination"));
        suite(m, "repo-bulk", "Bulk against one-by-one inserts of 10/50/100 rows", 2, Duration.ofSeconds(30), "repository", List.of("bulk"));
        suite(m, "repo-transactions", "Transactions of 1/5/10/20 operations with audit rows", 4, Duration.ofSeconds(30),
                "repository", List.of("transactions"));
        for (int c : new int[]{1, 5, 10, 20}) {
            suite(m, "repo-reads-c" + c, "Reads by id at concurrency " + c, c, Duration.ofSeconds(15), "repository", List.of("get_by_id"));
            suite(m, "repo-writes-c" + c, "Updates at concurrency " + c, c, Duration.ofSeconds(15), "repository", List.of("update_user"));
        }
        return m;
    }

    private static void suite(Map<String, ScenarioSpec> m, String name, String description, int users, Duration d,
                              String workload, List<String> operations) {
        m.put(name, new ScenarioSpec(name, description, users, d, 0, ArrivalProcess.CONSTANT, Duration.ZERO, Duration.ZERO,
                0, null, Duration.ofSeconds(3), List.of(), workload, operations));
    }

    private static void put(Map<String, ScenarioSpec> m, String name, String description, int connections, Duration d) {
        Duration ramp = Duration.ofMillis(Math.min(30_000, d.toMillis() / 10));
        m.put(name, new ScenarioSpec(name, description, connections, d, 0, ArrivalProcess.CONSTANT, ramp,
                Duration.ZERO, 0, null, Duration.ZERO, List.of()));
    }
}
