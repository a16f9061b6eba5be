package dev.stampede.core.shard;

import dev.stampede.core.api.ErrorClass;
import dev.stampede.core.api.Outcome;
import dev.stampede.core.config.RatingBands;
import dev.stampede.core.config.Thresholds;
import dev.stampede.core.engine.ArrivalProcess;
import dev.stampede.core.engine.LoadModel;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.ScenarioPlan;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.engine.StopReason;
import dev.stampede.core.metrics.MetricsCollector;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes shard bundles the way a run does (a real {@link MetricsCollector} ticked once a second, {@link BundleWriter}
 * fed by its intervals) from latencies drawn here, and keeps every latency it recorded in {@link #raw}, the independent
 * record a merge must reproduce.
 */
final class BundleFixture {
    static final Instant T = Instant.parse("2030-01-01T00:00:00Z");
    static final String VERSION = "1.2.3";
    static final ErrorClass BOOM = new ErrorClass("57014", "statement timeout", false);

    /** Every latency recorded by any shard written with this fixture, microseconds. */
    final Histogram raw = new Histogram(1, 3_600_000_000L, 3);
    long ok, failed, unknown;

    static ScenarioPlan plan(double rate) {
        return new ScenarioPlan("steady-load", "test", List.of(
                new PhasePlan("steady", new LoadModel.Open(rate, ArrivalProcess.POISSON, 8), Duration.ofSeconds(10), 0, true)), null);
    }

    /**
     * Writes shard {@code i} of {@code n}: {@code perSecond} attempts of two operations in each of the first
     * {@code seconds} seconds (of 10 planned); the last {@code seconds} finishes the scenario and the run only when
     * {@code finish}. A few attempts fail and one is unknown.
     */
    Path write(Path dir, int i, int n, ScenarioPlan plan, int perSecond, int seconds, boolean finish, long seed) throws IOException {
        Shard shard = new Shard(i, n, T);
        BundleWriter w = BundleWriter.create(dir, shard, VERSION, new BundlePlans(List.of(PlanJson.toMap(plan)), List.of("w"),
                Thresholds.defaults(), RatingBands.defaults()));
        long start = T.toEpochMilli();
        w.scenarioStarting(plan.name(), start, start + 3);
        w.engineStarted(plan.name(), start);
        MetricsCollector c = new MetricsCollector(List.of("read", "write"));
        SplittableRandom random = new SplittableRandom(seed);
        for (int s = 1; s <= seconds; s++) {
            for (int k = 0; k < perSecond; k++) {
                int op = k % 2;
                long micros = 200 + random.nextLong(50_000);
                Outcome outcome = k % 17 == 3 ? Outcome.failed(BOOM, "canceling statement") : k == 5 && s == 2
                        ? Outcome.unknown(BOOM, "gone") : Outcome.OK;
                c.op(op).record(outcome, 0, 0, 1000, micros * 1000, 0);
                raw.recordValue(micros);
                switch (outcome.status()) {
                    case OK -> ok++;
                    case FAILED -> failed++;
                    case UNKNOWN -> unknown++;
                }
            }
            c.tick(s, "steady", 1.0);
            w.onInterval(plan.name(), true, c);
        }
        if (finish) {
            w.scenarioEnded(new ScenarioRun(plan, "w", c.summarize(seconds), List.of(), StopReason.COMPLETED, start, seconds, seconds,
                    List.of("steady")), "w", false);
            w.close();
        }
        return dir;
    }
}
