package dev.stampede.celery;

import dev.stampede.core.config.ScenarioSpec;
import dev.stampede.core.engine.ArrivalProcess;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Suite {@code celery}: seed 000's Celery tests as scenarios, time-scalable like the presets, all with the probe
 * tasks: the submission rate (publish only, into a queue of Stampede's own that no worker reads, deleted after), the
 * completion rate of short tasks, failure handling (tasks told to fail at a known rate, published and then followed, so the
 * injected failures are judged against the probe's rate in the Celery section rather than as the engine's errors),
 * retries (tasks told to retry 3 times: the count must match) and the queue under an arrival rate above the local
 * worker's capacity, with its growth and drain time. Stateless.
 */
public final class CelerySuite {
    public static final String NAME = "celery";
    public static final String SUBMIT = "celery-submit-rate", COMPLETION = "celery-completion", FAILURES = "celery-failures",
            RETRIES = "celery-retries", OVERLOAD = "celery-overload";
    /** The failure rate the failure scenario's probe is told to produce. */
    static final double FAIL_RATE = 0.2;
    /** How many times the retry scenario's probe retries (seed 000's max_retries=3). */
    static final int RETRY_TIMES = 3;

    /**
     * A suite scenario's own settings on top of the {@code celery} section.
     *
     * @param tasks     the probe tasks it sends (empty: the configured tasks)
     * @param await     what ends an attempt (null: the configured mode)
     * @param ownQueue  publish into a queue of Stampede's own with no consumer, deleted afterwards
     * @param overload  the arrival rate is meant to exceed the workers' capacity (the queue-length limit only warns)
     */
    record Tuning(List<TaskSpec> tasks, CeleryConfig.Await await, boolean ownQueue, boolean overload) {
        static final Tuning NONE = new Tuning(List.of(), null, false, false);
    }

    private CelerySuite() {
    }

    static List<ScenarioSpec> scenarios() {
        List<ScenarioSpec> m = new ArrayList<>();
        m.add(new ScenarioSpec(SUBMIT, "Task submission rate: 16 publishers as fast as the broker acknowledges, into Stampede's own queue "
                + "with no consumer (deleted afterwards)", 16, Duration.ofSeconds(20), 0, ArrivalProcess.CONSTANT, Duration.ZERO, Duration.ZERO, 0,
                null, Duration.ofSeconds(5), List.of(), NAME, List.of()));
        m.add(open(COMPLETION, "Task completion: 100 tasks/s of a 10 ms probe task, each followed to its result", 100, 30, 64));
        m.add(open(FAILURES, "Failure handling: 50 tasks/s of a probe task that fails 20 % of the time; the measured rate must match",
                50, 30, 64));
        m.add(open(RETRIES, "Retries: 20 tasks/s of a probe task that retries 3 times (max_retries=3) before it succeeds; the RETRY "
                + "count must be 3 per task", 20, 30, 64));
        m.add(open(OVERLOAD, "Queue under overload: 200 tasks/s of a 50 ms probe task (above a 4-process worker's 80/s), queue growth "
                + "and drain time", 200, 30, 64));
        return m;
    }

    static List<String> names() { return scenarios().stream().map(ScenarioSpec::name).toList(); }

    static Tuning tuning(String scenario) {
        return switch (scenario) {
            case SUBMIT -> new Tuning(List.of(TaskSpec.probe("sleep", Map.of("ms", 0))), CeleryConfig.Await.PUBLISH, true, false);
            case COMPLETION -> new Tuning(List.of(TaskSpec.probe("sleep", Map.of("ms", 10))), CeleryConfig.Await.RESULT, false, false);
            case FAILURES -> new Tuning(List.of(TaskSpec.probe("fail", Map.of("rate", FAIL_RATE))), CeleryConfig.Await.PUBLISH, false, false);
            case RETRIES -> new Tuning(List.of(TaskSpec.probe("retry", Map.of("times", RETRY_TIMES, "backoff_ms", 50))),
                    CeleryConfig.Await.PUBLISH, false, false);
            case OVERLOAD -> new Tuning(List.of(TaskSpec.probe("sleep", Map.of("ms", 50))), CeleryConfig.Await.PUBLISH, false, true);
            default -> Tuning.NONE;
        };
    }

    private static ScenarioSpec open(String name, String description, double rate, int seconds, int maxInFlight) {
        return new ScenarioSpec(name, description, maxInFlight, Duration.ofSeconds(seconds), rate, ArrivalProcess.CONSTANT, Duration.ZERO,
                Duration.ZERO, 0, null, Duration.ZERO, List.of(), NAME, List.of());
    }
}
