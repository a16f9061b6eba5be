package dev.stampede.http;

import dev.stampede.core.config.ScenarioSpec;
import dev.stampede.core.engine.ArrivalProcess;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP scenarios: {@code http-quick}, a 20-second tour of the reference stack with its PostgreSQL and Redis in
 * the same report, and seed 004's four load levels as presets, users spawned at the level's rate (Locust's
 * --spawn-rate as a ramp-up of users / rate seconds). Stateless.
 */
public final class HttpLevels {
    public static final String QUICK = "http-quick";
    public static final String SET = "http-levels";
    public static final String WS = "http-ws";
    public static final String UPLOAD = "http-upload-stress";

    /** Seed 004's levels: users, spawn rate per second, duration. */
    record Level(String name, int users, double spawnRate, Duration duration) {
    }

    static final List<Level> LEVELS = List.of(new Level("quick", 5, 1, Duration.ofMinutes(1)), new Level("moderate", 20, 2, Duration.ofMinutes(5)),
            new Level("heavy", 50, 5, Duration.ofMinutes(10)), new Level("stress", 100, 10, Duration.ofMinutes(15)));

    private HttpLevels() {
    }

    static List<ScenarioSpec> scenarios() {
        List<ScenarioSpec> out = new ArrayList<>();
        out.add(new ScenarioSpec(QUICK, "HTTP tour of the reference stack: 5 personas users for 20 s; HTTP latency, throttling, pool, "
                + "PostgreSQL and Redis in one report", 5, Duration.ofSeconds(20), 0, ArrivalProcess.CONSTANT, Duration.ofSeconds(2),
                Duration.ofMillis(100), 0, null, Duration.ZERO, List.of(), HttpTargetProvider.STACK_WORKLOAD, List.of()));
        out.add(new ScenarioSpec(WS, "WebSocket tour of the reference server's game: 10 users (players join a table, send moves, "
                + "watch state broadcasts) for 20 s; message round trips and WebSocket counts in the HTTP section", 10, Duration.ofSeconds(20), 0,
                ArrivalProcess.CONSTANT, Duration.ofSeconds(2), Duration.ofMillis(100), 0, null, Duration.ZERO, List.of(),
                HttpTargetProvider.WS_WORKLOAD, List.of()));
        out.add(new ScenarioSpec(UPLOAD, "seed 004's upload stress: 10 concurrent users upload generated 5 MiB files to the rate-limited "
                + "/api/upload (think 5 s) for 30 s; MB/s and the throttled share in the HTTP section", 10, Duration.ofSeconds(30), 0,
                ArrivalProcess.CONSTANT, Duration.ZERO, Duration.ofSeconds(5), 0, null, Duration.ZERO, List.of(),
                HttpTargetProvider.UPLOAD_WORKLOAD, List.of()));
        for (Level l : LEVELS) {
            out.add(new ScenarioSpec("http-level-" + l.name, String.format(java.util.Locale.ROOT, "seed 004 level %s: %d users spawned at %.0f/s for %d min",
                    l.name, l.users, l.spawnRate, l.duration.toMinutes()), l.users, l.duration, 0, ArrivalProcess.CONSTANT,
                    Duration.ofMillis((long) (l.users / l.spawnRate * 1000)), Duration.ofMillis(500), 0, null, Duration.ZERO, List.of(),
                    HttpTargetProvider.WORKLOAD, List.of()));
        }
        return out;
    }

    static List<String> levelNames() {
        return LEVELS.stream().map(l -> "http-level-" + l.name).toList();
    }
}
