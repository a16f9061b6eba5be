package dev.stampede.postgres.pool;

import dev.stampede.core.config.ScenarioSpec;
import dev.stampede.core.engine.ArrivalProcess;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Suite {@code pool} (seeds 002 and 000): the connection pool's behaviour as scenarios of workload {@code pool}, each
 * with its own pool ({@link #tuning}); durations follow {@code --time-scale}, pool settings do not (HikariCP's floors).
 *
 * <ul>
 *   <li>{@code pool-acquire-c1/c10/c50/c100}: acquisition time percentiles at 1, 10, 50 and 100 users on a pool of 10.</li>
 *   <li>{@code pool-normal} and {@code pool-high}: seed 002's 20 users x 10 requests and 100 users x 5 requests on a pool
 *   of 10, judged against its limits ({@link PoolChecks#seedLimits}).</li>
 *   <li>{@code pool-exhaustion}: 40 users on 5 connections, each attempt holding its connection 100 ms with a 300 ms
 *   acquisition timeout (pool-timeout errors), then 4 users (recovery); no connection may stay checked out.</li>
 *   <li>{@code pool-recycling}: a pool of 4 (2 kept idle) with a 30 s max lifetime and 10 s idle timeout, 4 busy users
 *   then 1: new backend pids on the server, never more than 4 at once.</li>
 *   <li>{@code pool-sizing-pN}: 32 users on pools of 2, 4, 8, 16 and 32; the sweep's knee is the recommended size.</li>
 * </ul>
 * Stateless.
 */
public final class PoolSuite {
    public static final String NAME = "pool";
    public static final String NORMAL = "pool-normal", HIGH = "pool-high", EXHAUSTION = "pool-exhaustion", RECYCLING = "pool-recycling";
    public static final String OVERLOAD_PHASE = "overload", RECOVERY_PHASE = "recovery";
    /** The exhaustion scenario of the {@code resilience} set: pool-exhaustion's load with phases long enough for --time-scale 0.1. */
    public static final String RESILIENCE_EXHAUSTION = "resilience-pool-exhaustion";
    static final int[] ACQUIRE_USERS = {1, 10, 50, 100};
    static final int[] SIZES = {2, 4, 8, 16, 32};
    static final int SIZING_USERS = 32;
    /** Pool of the acquisition and seed-limit scenarios: HikariCP's default size. */
    static final int ACQUIRE_POOL = 10;
    static final PoolTuning EXHAUSTION_POOL = new PoolTuning(5, Duration.ofMillis(300), null, null, null);
    static final PoolTuning RECYCLING_POOL = new PoolTuning(4, null, Duration.ofSeconds(30), Duration.ofSeconds(10), 2);
    /**
     * The recycling scenario's quiet phase, seconds: long enough that every connection opened in the 10 s busy phase
     * has passed its 30 s max lifetime before the end, with two seconds to spare for the sample that sees it gone.
     * HikariCP 7 retires a connection at a random age in the last quarter of its max lifetime (22.5 to 30 s here) and
     * applies the idle timeout only at its housekeeper's runs, 30 s apart; the two connections kept idle are never
     * retired by the idle timeout, so at least one busy-phase connection is retired by its max lifetime, at most 40 s
     * into the load.
     */
    static final int RECYCLING_QUIET_S = 32;
    private static final Pattern ACQUIRE = Pattern.compile("pool-acquire-c(\\d+)");
    private static final Pattern SIZING = Pattern.compile("pool-sizing-p(\\d+)");

    private PoolSuite() {
    }

    public static List<ScenarioSpec> scenarios() {
        List<ScenarioSpec> m = new ArrayList<>();
        for (int c : ACQUIRE_USERS) {
            m.add(steady("pool-acquire-c" + c, "Pool acquisition time at " + c + " user" + (c == 1 ? "" : "s") + " on " + ACQUIRE_POOL
                    + " connections", c, 15, "query"));
        }
        m.add(iterations(NORMAL, "Seed 002 normal load: 20 users x 10 requests on " + ACQUIRE_POOL + " connections", 20, 10));
        m.add(iterations(HIGH, "Seed 002 high load: 100 users x 5 requests on " + ACQUIRE_POOL + " connections", 100, 5));
        m.add(new ScenarioSpec(EXHAUSTION, "Pool exhaustion: 40 users on 5 connections holding each 100 ms (300 ms acquisition timeout), "
                + "then 4 users: errors, recovery, no leaked connection", 40, null, 0, ArrivalProcess.CONSTANT, Duration.ZERO, Duration.ZERO, 0,
                null, Duration.ZERO, List.of(phase(OVERLOAD_PHASE, 40, 10), phase(RECOVERY_PHASE, 4, 10)), WORKLOAD, List.of("hold")));
        m.add(new ScenarioSpec(RECYCLING, "Connection recycling: 4 connections (2 kept idle), 30 s max lifetime, 10 s idle timeout; "
                + "new backend pids, size limit kept", 4, null, 0, ArrivalProcess.CONSTANT, Duration.ZERO, Duration.ZERO, 0, null, Duration.ZERO,
                List.of(phase("busy", 4, 10), phase("quiet", 1, RECYCLING_QUIET_S)), WORKLOAD, List.of("query")));
        for (int s : SIZES) {
            m.add(steady("pool-sizing-p" + s, "Pool sizing sweep: " + SIZING_USERS + " users on " + s + " connections", SIZING_USERS, 10, "query"));
        }
        return m;
    }

    /**
     * {@link #EXHAUSTION}'s load and pool with a 40 s overload and a 30 s recovery, so that {@code --time-scale 0.1} still
     * leaves the recovery phase the two clean seconds the recovery verdict asks for; part of the {@code resilience} set.
     */
    public static ScenarioSpec resilienceExhaustion() {
        return new ScenarioSpec(RESILIENCE_EXHAUSTION, "Pool exhaustion: 40 users on 5 connections holding each 100 ms (300 ms "
                + "acquisition timeout) for 40 s, then 4 users for 30 s: pool-timeout errors, recovery time, no leaked connection", 40, null, 0,
                ArrivalProcess.CONSTANT, Duration.ZERO, Duration.ZERO, 0, null, Duration.ZERO,
                List.of(phase(OVERLOAD_PHASE, 40, 40), phase(RECOVERY_PHASE, 4, 30)), WORKLOAD, List.of("hold"));
    }

    /** True for the scenarios judged as pool exhaustion ({@link #EXHAUSTION} and {@link #RESILIENCE_EXHAUSTION}). */
    public static boolean exhaustion(String scenario) {
        return scenario.equals(EXHAUSTION) || scenario.equals(RESILIENCE_EXHAUSTION);
    }

    public static List<String> names() {
        return scenarios().stream().map(ScenarioSpec::name).toList();
    }

    /** The pool a suite scenario runs with; {@link PoolTuning#NONE} for any other scenario. */
    public static PoolTuning tuning(String scenario) {
        if (exhaustion(scenario)) return EXHAUSTION_POOL;
        if (dev.stampede.postgres.ResilienceSuite.ownPool(scenario)) return dev.stampede.postgres.ResilienceSuite.POOL;
        if (scenario.equals(RECYCLING)) return RECYCLING_POOL;
        if (scenario.equals(NORMAL) || scenario.equals(HIGH) || ACQUIRE.matcher(scenario).matches()) return PoolTuning.fixed(ACQUIRE_POOL);
        Integer size = sizingSize(scenario);
        return size == null ? PoolTuning.NONE : PoolTuning.fixed(size);
    }

    /** The pool size of a sizing scenario ({@code pool-sizing-pN}), or null for any other. */
    public static Integer sizingSize(String scenario) {
        Matcher m = SIZING.matcher(scenario);
        return m.matches() ? Integer.valueOf(m.group(1)) : null;
    }

    /** True for a scenario of this suite, or the resilience set's exhaustion scenario (which gets the same report). */
    public static boolean contains(String scenario) {
        return scenario.equals(RESILIENCE_EXHAUSTION) || scenario.startsWith("pool-") && names().contains(scenario);
    }

    private static final String WORKLOAD = PoolWorkload.TYPE;

    private static ScenarioSpec steady(String name, String description, int users, int seconds, String op) {
        return new ScenarioSpec(name, description, users, Duration.ofSeconds(seconds), 0, ArrivalProcess.CONSTANT, Duration.ZERO,
                Duration.ZERO, 0, null, Duration.ofSeconds(2), List.of(), WORKLOAD, List.of(op));
    }

    private static ScenarioSpec iterations(String name, String description, int users, int perUser) {
        return new ScenarioSpec(name, description, users, null, 0, ArrivalProcess.CONSTANT, Duration.ZERO, Duration.ZERO, perUser, null,
                Duration.ZERO, List.of(), WORKLOAD, List.of("query"));
    }

    private static ScenarioSpec.PhaseSpec phase(String name, int users, int seconds) {
        return new ScenarioSpec.PhaseSpec(name, users, Duration.ofSeconds(seconds), 0, ArrivalProcess.CONSTANT, Duration.ZERO,
                Duration.ZERO, 0, true, Duration.ZERO);
    }
}
