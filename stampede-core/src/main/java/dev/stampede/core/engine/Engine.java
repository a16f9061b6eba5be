package dev.stampede.core.engine;

import dev.stampede.core.api.Monitor;
import dev.stampede.core.api.Operation;
import dev.stampede.core.api.Workload;
import dev.stampede.core.metrics.MetricsCollector;
import dev.stampede.core.metrics.ScenarioMetrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Runs scenarios: phases in order on virtual threads, one interval sampler beside them, and the
 * results gathered into a {@link ScenarioRun}. Knows nothing about what the operations talk to.
 *
 * <p>Thread-safety: an engine may run one scenario at a time; {@link #runScenario} blocks until the
 * scenario has ended (completed, stopped, timed out or lost its target).
 */
public final class Engine {
    private final NanoClock clock;
    private final Settings settings;

    /**
     * Engine-wide settings.
     *
     * @param interval              sampling interval (1 s by default)
     * @param stopGrace             once stopped, how long in-flight attempts may take before being interrupted
     * @param targetLostAfter       consecutive intervals with only connection failures that end a run
     * @param seed                  root of every random stream; the same seed gives the same operation sequence per user
     * @param threads               what kind of thread runs each user (see {@link ThreadMode})
     */
    public record Settings(Duration interval, Duration stopGrace, int targetLostAfter, long seed, ThreadMode threads) {
        public Settings(Duration interval, Duration stopGrace, int targetLostAfter, long seed) {
            this(interval, stopGrace, targetLostAfter, seed, ThreadMode.AUTO);
        }

        public static Settings defaults(long seed) {
            return new Settings(Duration.ofSeconds(1), Duration.ofSeconds(10), 5, seed, ThreadMode.AUTO);
        }

        public Settings withThreads(ThreadMode mode) {
            return new Settings(interval, stopGrace, targetLostAfter, seed, mode);
        }
    }

    public Engine(NanoClock clock, Settings settings) {
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * Runs one scenario. Never throws for target failures: those are outcomes. Returns early, with
     * {@link ScenarioRun#partial()} true, when {@code runControl} is stopped or the scenario's time
     * limit passes.
     */
    public ScenarioRun runScenario(ScenarioPlan plan, Workload workload, List<Monitor> monitors,
                                   RunControl runControl, ProgressListener progress) throws InterruptedException {
        return runScenario(plan, workload, monitors, runControl, progress, PhaseListener.NONE);
    }

    /** As {@link #runScenario(ScenarioPlan, Workload, List, RunControl, ProgressListener)}, telling {@code phases} at each phase's edges. */
    public ScenarioRun runScenario(ScenarioPlan plan, Workload workload, List<Monitor> monitors,
                                   RunControl runControl, ProgressListener progress, PhaseListener phases)
            throws InterruptedException {
        RunControl control = new RunControl();
        runControl.onStop(() -> control.stop(runControl.stopReason()));
        control.onAbort(runControl::abortInFlight);
        if (runControl.isStopped()) control.stop(runControl.stopReason());

        List<String> names = new ArrayList<>();
        for (Operation op : workload.operations()) names.add(op.name());
        MetricsCollector recorded = new MetricsCollector(names);
        AttemptRunner runner = new AttemptRunner(clock, workload);
        SplittableRandom seeds = new SplittableRandom(settings.seed() ^ plan.name().hashCode());

        long startedAtMillis = clock.currentTimeMillis();
        long start = clock.nanoTime();
        Duration planned = plan.plannedDuration();
        IntervalSampler sampler = new IntervalSampler(clock, plan.name(), start, settings.interval().toNanos(),
                planned == null ? -1 : planned.toMillis() / 1000.0, monitors, progress, control, runControl,
                plan.timeLimit() == null ? 0 : plan.timeLimit().toNanos(), settings.targetLostAfter());
        Thread samplerThread = Thread.ofPlatform().daemon().name("stampede-sampler").start(sampler);

        long measuredNanos = 0;
        List<String> phasesRun = new ArrayList<>();
        try {
            for (PhasePlan phase : plan.phases()) {
                if (control.isStopped()) break;
                MetricsCollector target = phase.recorded() ? recorded : new MetricsCollector(names);
                sampler.tick();
                sampler.activate(phase.recorded() ? recorded : null, phase.name());
                phases.phaseStarted(phase);
                long phaseStart = clock.nanoTime();
                phasesRun.add(phase.name());
                try {
                    new PhaseDriver(clock, control, runner, target, seeds.split(), settings.threads())
                            .run(phase, phaseStart, settings.stopGrace().toNanos());
                } finally {
                    phases.phaseEnded(phase);
                }
                sampler.tick();
                if (phase.recorded()) measuredNanos += clock.nanoTime() - phaseStart;
            }
        } finally {
            sampler.finish();
            samplerThread.interrupt();
            samplerThread.join();
            progress.onScenarioEnd(plan.name());
        }
        sampler.tick();
        double measuredSeconds = measuredNanos / 1e9;
        ScenarioMetrics metrics = recorded.summarize(measuredSeconds);
        StopReason reason = control.isStopped() ? control.stopReason() : StopReason.COMPLETED;
        return new ScenarioRun(plan, workload.name(), metrics, sampler.monitorSeries(), reason, startedAtMillis,
                (clock.nanoTime() - start) / 1e9, measuredSeconds, phasesRun);
    }
}
