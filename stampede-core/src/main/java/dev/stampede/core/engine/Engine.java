package dev.stampede.core.engine;

import dev.stampede.core.api.Monitor;
import dev.stampede.core.api.Operation;
import dev.stampede.core.api.Workload;
import dev.stampede.core.metrics.MetricsCollector;
import dev.stampede.core.metrics.ScenarioMetrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Runs scenarios: phases in order on worker threads ({@link ThreadMode}), one interval sampler beside them, and the
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
     * @param interval        sampling interval (1 s by default)
     * @param grace           at a phase's planned end, and after a stop, how long attempts still in flight
     *                        may take before being interrupted; the abort actions follow one second later
     *                        and abandoning after another grace, so a phase ends at most
     *                        {@code 2 * grace + 1 s} after its end or stop (3 s by default: at most 7 s)
     * @param targetLostAfter consecutive intervals with only connection failures that end a run
     * @param seed            root of every random stream; the same seed gives the same operation sequence per user
     * @param threads         what kind of thread runs each user (see {@link ThreadMode})
     * @param stallAfter      shortest window without completions (while attempts are in flight) reported as a
     *                        {@link Stall} (2 s by default; see {@link StallDetector})
     */
    public record Settings(Duration interval, Duration grace, int targetLostAfter, long seed, ThreadMode threads,
                           Duration stallAfter) {
        public static final Duration DEFAULT_GRACE = Duration.ofSeconds(3);
        public static final Duration DEFAULT_STALL_AFTER = Duration.ofSeconds(2);

        public Settings(Duration interval, Duration grace, int targetLostAfter, long seed, ThreadMode threads) {
            this(interval, grace, targetLostAfter, seed, threads, DEFAULT_STALL_AFTER);
        }

        public Settings(Duration interval, Duration grace, int targetLostAfter, long seed) {
            this(interval, grace, targetLostAfter, seed, ThreadMode.AUTO);
        }

        public static Settings defaults(long seed) {
            return new Settings(Duration.ofSeconds(1), DEFAULT_GRACE, 5, seed, ThreadMode.AUTO, DEFAULT_STALL_AFTER);
        }

        public Settings withThreads(ThreadMode mode) {
            return new Settings(interval, grace, targetLostAfter, seed, mode, stallAfter);
        }

        public Settings withGrace(Duration g) {
            return new Settings(interval, g, targetLostAfter, seed, threads, stallAfter);
        }

        public Settings withStallAfter(Duration d) {
            return new Settings(interval, grace, targetLostAfter, seed, threads, d);
        }
    }

    public Engine(NanoClock clock, Settings settings) {
        this.clock = clock;
        this.settings = settings;
    }

    /** The clock every attempt, interval and phase edge of this engine is timed on. */
    public NanoClock clock() { return clock; }

    /**
     * Runs one scenario. Never throws for target failures: those are outcomes. Returns early, with
     * {@link ScenarioRun#partial()} true, when {@code runControl} is stopped, the scenario's time limit
     * passes or its workload's own code fails on most attempts. When attempts are still in flight after
     * a phase's end and its grace, the phase is cut off (see {@link PhaseDriver#run}) and the whole run
     * is stopped with {@link StopReason#TARGET_HUNG}: the target no longer answers and its pool has been
     * aborted.
     */
    public ScenarioRun runScenario(ScenarioPlan plan, Workload workload, List<Monitor> monitors,
                                   RunControl runControl, ProgressListener progress) throws InterruptedException {
        return runScenario(plan, workload, monitors, runControl, progress, PhaseListener.NONE);
    }

    /** As {@link #runScenario(ScenarioPlan, Workload, List, RunControl, ProgressListener)}, telling {@code phases} at each phase's edges. */
    public ScenarioRun runScenario(ScenarioPlan plan, Workload workload, List<Monitor> monitors,
                                   RunControl runControl, ProgressListener progress, PhaseListener phases)
            throws InterruptedException {
        return runScenario(plan, workload, monitors, runControl, progress, phases, NOT_ALIGNED);
    }

    /** {@link #runScenario(ScenarioPlan, Workload, List, RunControl, ProgressListener, PhaseListener, long)} without an anchor. */
    public static final long NOT_ALIGNED = Long.MIN_VALUE;

    /**
     * As the form without {@code anchorNanos}, with the scenario's phases on an absolute schedule (a distributed run's
     * {@code --start-at}): the scenario's clock starts at {@code anchorNanos} (on the engine's clock; waited for when
     * still ahead), its intervals end at the anchor plus whole seconds, and each phase starts at the anchor plus the
     * planned durations of the phases before it, not when the one before it and the phase listeners are done. A phase
     * whose planned start has passed (a late process, a listener's slow snapshot, a previous phase's grace) starts with
     * its schedule in the past: its late arrivals are measured from their intended times, as any late arrival is. After
     * a phase that ends by iteration count the schedule is unknown, and later phases start when it ends.
     */
    public ScenarioRun runScenario(ScenarioPlan plan, Workload workload, List<Monitor> monitors,
                                   RunControl runControl, ProgressListener progress, PhaseListener phases, long anchorNanos)
            throws InterruptedException {
        boolean aligned = anchorNanos != NOT_ALIGNED;
        if (aligned) while (!runControl.isStopped() && clock.nanoTime() < anchorNanos) clock.sleepUntil(Math.min(anchorNanos,
                clock.nanoTime() + PhaseDriver.POLL_NANOS));
        RunControl control = new RunControl();
        runControl.onStop(() -> control.stop(runControl.stopReason(), runControl.stopDetail()));
        control.onAbort(runControl::abortInFlight);
        if (runControl.isStopped()) control.stop(runControl.stopReason(), runControl.stopDetail());

        List<String> names = new ArrayList<>();
        for (Operation op : workload.operations()) names.add(op.name());
        MetricsCollector recorded = new MetricsCollector(names);
        AttemptRunner runner = new AttemptRunner(clock, workload);
        SplittableRandom seeds = new SplittableRandom(settings.seed() ^ plan.name().hashCode());

        long startedAtMillis = clock.currentTimeMillis();
        long start = clock.nanoTime();
        if (aligned) {
            startedAtMillis -= (start - anchorNanos) / 1_000_000L;
            start = anchorNanos;
        }
        long plannedPhaseStart = start;
        Duration planned = plan.plannedDuration();
        IntervalSampler sampler = new IntervalSampler(clock, plan.name(), start, settings.interval().toNanos(),
                planned == null ? -1 : planned.toMillis() / 1000.0, monitors, progress, control, runControl,
                plan.timeLimit() == null ? 0 : plan.timeLimit().toNanos(), settings.targetLostAfter(),
                new StallDetector(settings.stallAfter().toNanos(), names));
        Thread samplerThread = clock.start(Thread.ofPlatform().daemon().name("stampede-sampler"), sampler);
        phases.scenarioStarted(start);

        long measuredNanos = 0;
        List<String> phasesRun = new ArrayList<>();
        String hungDetail = null;
        try {
            for (PhasePlan phase : plan.phases()) {
                if (control.isStopped()) break;
                MetricsCollector target = phase.recorded() ? recorded : new MetricsCollector(names);
                PhaseDriver driver = new PhaseDriver(clock, control, runner, target, seeds.split(), settings.threads(),
                        settings.grace().toNanos(), inFlight -> runControl.stop(StopReason.TARGET_HUNG, String.format(Locale.ROOT,
                        "%d attempts were still running %.1f s after the planned end of phase '%s'; they were interrupted, "
                                + "then their connections aborted, and any that never returned are counted as unknown",
                        inFlight, settings.grace().toMillis() / 1000.0, phase.name())));
                sampler.tick();
                sampler.activate(target, phase.recorded(), phase.name(), driver);
                phases.phaseStarted(phase);
                long phaseStart = clock.nanoTime();
                if (aligned && plannedPhaseStart != NOT_ALIGNED) {
                    while (phaseStart < plannedPhaseStart && !control.isStopped()) {
                        clock.sleepUntil(Math.min(plannedPhaseStart, phaseStart + PhaseDriver.POLL_NANOS));
                        phaseStart = clock.nanoTime();
                    }
                    phaseStart = plannedPhaseStart;
                    plannedPhaseStart = phase.duration() == null ? NOT_ALIGNED : plannedPhaseStart + phase.duration().toNanos();
                }
                phasesRun.add(phase.name());
                PhaseDriver.Result result = driver.run(phase, phaseStart);
                // a phase cut off because the target stopped answering is not reported as ended: the listener's
                // server-side snapshot would only wait on the same frozen server
                if (!(result.cutOff() > 0 && runControl.stopReason() == StopReason.TARGET_HUNG)) phases.phaseEnded(phase);
                sampler.tick();
                if (phase.recorded()) measuredNanos += Math.max(0, result.loadedUntil() - phaseStart);
                if (result.cutOff() > 0 && control.stopReason() == StopReason.TARGET_HUNG) {
                    hungDetail = control.stopDetail() + "; " + result.abandoned() + " never returned";
                }
            }
        } finally {
            sampler.finish();
            samplerThread.interrupt();
            awaitEnd(samplerThread, settings.grace().toNanos());
            progress.onScenarioEnd(plan.name());
        }
        sampler.tick();
        double measuredSeconds = measuredNanos / 1e9;
        ScenarioMetrics metrics = recorded.summarize(measuredSeconds);
        StopReason reason = control.isStopped() ? control.stopReason() : StopReason.COMPLETED;
        return new ScenarioRun(plan, workload.name(), metrics, sampler.monitorSeries(samplerThread.isAlive()), reason, startedAtMillis,
                (clock.nanoTime() - start) / 1e9, measuredSeconds, phasesRun, sampler.stalls(),
                hungDetail != null ? hungDetail : control.isStopped() ? control.stopDetail() : null);
    }

    /**
     * Waits up to {@code nanos} on the engine's clock for {@code t} to end. The sampler thread may be
     * stuck inside a monitor reading a frozen server; it is a daemon and is left behind.
     */
    private void awaitEnd(Thread t, long nanos) throws InterruptedException {
        long deadline = clock.nanoTime() + nanos;
        while (t.isAlive()) {
            long now = clock.nanoTime();
            if (now >= deadline) return;
            clock.sleepUntil(Math.min(deadline, now + PhaseDriver.POLL_NANOS));
        }
    }
}
