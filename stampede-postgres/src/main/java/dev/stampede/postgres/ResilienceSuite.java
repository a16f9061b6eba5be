package dev.stampede.postgres;

import dev.stampede.core.config.ScenarioSpec;
import dev.stampede.core.engine.ArrivalProcess;
import dev.stampede.core.fault.Fault;
import dev.stampede.core.fault.FaultWindow;
import dev.stampede.core.resilience.ResiliencePolicy;
import dev.stampede.core.resilience.RetryPolicy;
import dev.stampede.postgres.pool.PoolSuite;
import dev.stampede.postgres.pool.PoolTuning;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scenario set {@code resilience} (issue 11): the pool and the database under faults Stampede injects itself, each
 * scenario over the {@code acked-writes} workload (so that every one ends with the lost-acknowledged-writes check)
 * except the pool exhaustion, whose pool-timeout errors are the fault:
 * <ul>
 *   <li>{@code resilience-pool-exhaustion}: 40 users on 5 connections, then 4 ({@link PoolSuite#resilienceExhaustion});</li>
 *   <li>{@code resilience-blackhole}: the database blackholed (nothing passes either way) for 30 s;</li>
 *   <li>{@code resilience-storm-immediate} and {@code resilience-storm-backoff}: a retry storm, the same 30 s of reset
 *   connections twice, first with 5 immediate retries, then with jittered exponential backoff and a circuit breaker,
 *   so the amplification inside the window can be set side by side;</li>
 *   <li>{@code resilience-restart}: the embedded PostgreSQL stopped (fast shutdown) for 30 s and started again
 *   (embedded only: with DATABASE_URL the run refuses it before anything runs).</li>
 * </ul>
 * Each fault starts 20 s into a 140 s scenario (2 s of 14 s at {@code --time-scale 0.1}), leaving 90 s (9 s) after it
 * for the recovery time: on a busy machine a restarted server or a refilled pool took more than 5 s scaled to get back
 * to 90 % of its rate before the fault. Every scenario has its own pool of {@value #POOL_SIZE} connections with a 250 ms acquisition timeout,
 * borrowed per attempt, so that an outage fails attempts within a quarter second instead of HikariCP's 30 s. Policy
 * durations are not scaled by --time-scale (like pool settings). Stateless.
 */
public final class ResilienceSuite {
    public static final String NAME = "resilience";
    public static final String BLACKHOLE = "resilience-blackhole", STORM_IMMEDIATE = "resilience-storm-immediate",
            STORM_BACKOFF = "resilience-storm-backoff", RESTART = "resilience-restart";
    static final int POOL_SIZE = 8;
    public static final PoolTuning POOL = new PoolTuning(POOL_SIZE, Duration.ofMillis(250), null, null, null);
    private static final Duration AT = Duration.ofSeconds(20), FOR = Duration.ofSeconds(30), LENGTH = Duration.ofSeconds(140);
    /**
     * Each user starts a request every this long (constant pacing), 1,600 requests/s for 8 users: well under what the
     * embedded server does, so the rate before a fault is one the service can return to and "recovered" (90 % of it)
     * means the service, not a write rate drifting down as the table grows.
     */
    private static final Duration PACE = Duration.ofMillis(5);
    /** The retry storm's pacing (400 requests/s), so that a breaker's refusals do not spin the generator either. */
    private static final Duration STORM_PACE = Duration.ofMillis(20);

    /** Five attempts, no wait between them: what a naive client does. */
    static final ResiliencePolicy IMMEDIATE = new ResiliencePolicy(
            new RetryPolicy(5, Duration.ZERO, 1, 0, Duration.ZERO, Set.of()), null);
    /** Five attempts, 100 ms doubling with ±50 % jitter, and a breaker that opens at 50 % failures of 20 calls for 1 s. */
    static final ResiliencePolicy BACKOFF_BREAKER = new ResiliencePolicy(
            new RetryPolicy(5, Duration.ofMillis(100), 2, 0.5, Duration.ofSeconds(2), Set.of()),
            new ResiliencePolicy.Breaker(50, 20, 10, Duration.ofSeconds(1), 3));

    private ResilienceSuite() {
    }

    public static List<ScenarioSpec> scenarios() {
        List<ScenarioSpec> m = new ArrayList<>();
        m.add(PoolSuite.resilienceExhaustion());
        m.add(writes(BLACKHOLE, "The database blackholed for 30 s (nothing passes either way), 8 users writing: no acknowledged write lost, "
                + "recovery time", PACE).withResilience(List.of(window(new Fault.Blackhole())), null));
        m.add(writes(STORM_IMMEDIATE, "Retry storm, immediate retries: every connection reset for 30 s, 5 attempts per request with no "
                + "backoff; amplification inside the window", STORM_PACE).withResilience(List.of(window(new Fault.Reset())), IMMEDIATE));
        m.add(writes(STORM_BACKOFF, "Retry storm, backoff and breaker: the same outage with 100 ms x2 jittered backoff and a circuit "
                + "breaker; amplification and breaker timeline", STORM_PACE).withResilience(List.of(window(new Fault.Reset())), BACKOFF_BREAKER));
        m.add(writes(RESTART, "The embedded PostgreSQL stopped for 30 s and started again, 8 users writing: no acknowledged write lost, "
                + "recovery time (embedded server only)", PACE)
                .withResilience(List.of(window(new Fault.Server("restart", Map.of()))), null));
        return m;
    }

    public static List<String> names() {
        return scenarios().stream().map(ScenarioSpec::name).toList();
    }

    /** True for a scenario of this set with its own pool ({@link #POOL}); the exhaustion scenario has the pool suite's. */
    public static boolean ownPool(String scenario) {
        return scenario.equals(BLACKHOLE) || scenario.equals(STORM_IMMEDIATE) || scenario.equals(STORM_BACKOFF) || scenario.equals(RESTART);
    }

    private static FaultWindow window(Fault f) {
        return new FaultWindow(PostgresTargetProvider.SECTION, f, AT, FOR);
    }

    private static ScenarioSpec writes(String name, String description, Duration pace) {
        return new ScenarioSpec(name, description, 8, LENGTH, 0, ArrivalProcess.CONSTANT, Duration.ZERO, Duration.ZERO, 0, null, Duration.ZERO,
                List.of(), "acked-writes", List.of(), pace);
    }
}
