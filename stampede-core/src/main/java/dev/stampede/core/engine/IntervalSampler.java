package dev.stampede.core.engine;

import dev.stampede.core.api.Monitor;
import dev.stampede.core.metrics.IntervalRow;
import dev.stampede.core.metrics.MetricsCollector;
import dev.stampede.core.util.Secrets;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * The run's interval clock: one platform thread that, every interval, closes the metrics interval,
 * samples every monitor, reports progress and watches for a lost target, a workload whose own code
 * fails, stalls ({@link StallDetector}) and the time limit. Warm-up phases are watched too: their
 * collector is ticked like a recorded one, only its numbers are not reported.
 *
 * <p>Workload error rule: at an interval's end, when the attempts of the scenario so far that failed
 * in the workload's own code ({@code client-error}) are at least {@value #CLIENT_ERRORS_MIN} and more
 * than half of all attempts, or when all of at least the first {@value #CLIENT_ERRORS_ALL_OF_FIRST}
 * attempts failed that way, the scenario is stopped with {@link StopReason#WORKLOAD_ERROR} and the
 * operation and exception as detail.
 *
 * <p>Thread-safety: {@link #tick} is synchronized so that the engine can force a tick at a phase
 * boundary without racing the timer. Monitors are sampled by the timer thread only, outside that lock,
 * so a monitor blocked on a frozen server never blocks the engine; their series are guarded for
 * {@link #monitorSeries}. Everything else is confined to the sampler thread.
 */
final class IntervalSampler implements Runnable {
    static final long CLIENT_ERRORS_MIN = 100;
    static final long CLIENT_ERRORS_ALL_OF_FIRST = 20;

    private final NanoClock clock;
    private final String scenario;
    private final long startNanos;
    private final long intervalNanos;
    private final double plannedSeconds;
    private final List<Monitor> monitors;
    private final List<List<MonitorSeries.Point>> monitorPoints = new ArrayList<>();
    private final String[] monitorErrors;
    private final ProgressListener progress;
    private final RunControl scenarioControl;
    private final RunControl runControl;
    private final long timeLimitNanos;
    private final int targetLostAfterTicks;

    private final StallDetector stalls;
    private final BitSet inFlightOps = new BitSet();
    /** The engine's own "load" series: attempts in flight at each tick (busy users, or arrivals being served). */
    private final List<MonitorSeries.Point> loadPoints = new ArrayList<>();
    private volatile MetricsCollector active;
    private volatile boolean activeRecorded;
    private volatile PhaseDriver driver;
    private volatile String phase = "starting";
    private volatile boolean finished;
    /**
     * Each monitor's latest values by name, for the progress snapshot: replaced (never mutated) by the timer
     * thread once per sampling round, read by {@link #tick}.
     */
    private volatile Map<String, Map<String, Double>> latestMonitors = Map.of();
    /** Index of the monitor being sampled now, or -1. */
    private volatile int monitorInProgress = -1;
    private long lastTickNanos;
    private int ticksWithoutSuccess;
    private boolean connectionLossInStreak;
    private long attempts;
    private long errors;

    IntervalSampler(NanoClock clock, String scenario, long startNanos, long intervalNanos, double plannedSeconds,
                    List<Monitor> monitors, ProgressListener progress, RunControl scenarioControl,
                    RunControl runControl, long timeLimitNanos, int targetLostAfterTicks, StallDetector stalls) {
        this.stalls = stalls;
        this.clock = clock;
        this.scenario = scenario;
        this.startNanos = startNanos;
        this.lastTickNanos = startNanos;
        this.intervalNanos = intervalNanos;
        this.plannedSeconds = plannedSeconds;
        this.monitors = monitors;
        this.progress = progress;
        this.scenarioControl = scenarioControl;
        this.runControl = runControl;
        this.timeLimitNanos = timeLimitNanos;
        this.targetLostAfterTicks = targetLostAfterTicks;
        this.monitorErrors = new String[monitors.size()];
        for (int i = 0; i < monitors.size(); i++) monitorPoints.add(new ArrayList<>());
    }

    /**
     * Switches the collector that ticks feed and the driver whose in-flight attempts stall detection
     * looks at.
     *
     * @param recorded false for a warm-up phase: watched, but not counted in the progress line
     */
    synchronized void activate(MetricsCollector collector, boolean recorded, String phaseName, PhaseDriver phaseDriver) {
        this.active = collector;
        this.activeRecorded = recorded;
        this.phase = phaseName;
        this.driver = phaseDriver;
    }

    @Override
    public void run() {
        long next = startNanos + intervalNanos;
        try {
            while (!finished) {
                clock.sleepUntil(next);
                if (finished) return;
                double second = tick();
                // outside the tick's lock: a monitor that hangs on a frozen server must not block the engine's ticks
                if (!Double.isNaN(second)) sampleMonitors(second);
                next += intervalNanos;
                long now = clock.nanoTime();
                if (next < now) next = now + intervalNanos; // never try to catch up in a burst
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Closes the current interval now; also called by the engine at phase boundaries and at the end.
     * Never blocks on the target: monitors are sampled by the timer thread only, after the tick.
     *
     * @return the interval's end in seconds since the scenario started, or NaN when the interval was too
     * short to close
     */
    synchronized double tick() {
        long now = clock.nanoTime();
        double intervalSeconds = (now - lastTickNanos) / 1e9;
        if (intervalSeconds <= 0.0005) return Double.NaN;
        lastTickNanos = now;
        double second = (now - startNanos) / 1e9;
        MetricsCollector collector = active;
        IntervalRow all = null;
        if (collector != null) {
            all = collector.tick(second, phase, intervalSeconds);
            progress.onInterval(scenario, activeRecorded, collector);
            if (activeRecorded) {
                attempts += all.ok() + all.failed() + all.unknown();
                errors += all.failed() + all.unknown();
            }
            long lost = collector.connectionLossSinceLastCall();
            // lost target: no success for several seconds while connections fail (attempts may block in the
            // pool for its whole timeout, so intervals with no outcome at all still count)
            if (all.ok() > 0) {
                ticksWithoutSuccess = 0;
                connectionLossInStreak = false;
            } else {
                ticksWithoutSuccess++;
                connectionLossInStreak |= lost > 0;
            }
            if (connectionLossInStreak && ticksWithoutSuccess >= targetLostAfterTicks) runControl.stop(StopReason.TARGET_LOST);
            checkClientErrors(collector);
            PhaseDriver d = driver;
            inFlightOps.clear();
            int inFlight = d == null ? 0 : d.inFlight(inFlightOps);
            stalls.interval(phase, second - intervalSeconds, second, all.ok() + all.failed() + all.unknown(), inFlight, inFlightOps);
            if (intervalSeconds * 2e9 >= intervalNanos) loadPoints.add(new MonitorSeries.Point(second, Map.of("in_flight", (double) inFlight)));
        }
        if (timeLimitNanos > 0 && now - startNanos >= timeLimitNanos) scenarioControl.stop(StopReason.TIMEOUT);
        if (intervalSeconds * 2e9 < intervalNanos) return second; // a sliver at a phase boundary: no progress line for it
        progress.onTick(new ProgressListener.Snapshot(scenario, phase, second, plannedSeconds,
                all == null ? 0 : all.throughputPerSec(), all == null ? 0 : all.p95Ms(), errors, attempts, latestMonitors));
        return second;
    }

    private void checkClientErrors(MetricsCollector collector) {
        long clientErrors = collector.clientErrorsSoFar();
        if (clientErrors == 0) return;
        long total = collector.attemptsSoFar();
        boolean most = clientErrors >= CLIENT_ERRORS_MIN && clientErrors * 2 > total;
        boolean all = total >= CLIENT_ERRORS_ALL_OF_FIRST && clientErrors == total;
        if (most || all) {
            scenarioControl.stop(StopReason.WORKLOAD_ERROR, String.format(java.util.Locale.ROOT,
                    "%d of %d attempts failed in the workload's own code; %s", clientErrors, total, collector.worstClientError()));
        }
    }

    private void sampleMonitors(double second) {
        try {
            sampleEachMonitor(second);
        } finally {
            monitorInProgress = -1;
        }
    }

    private void sampleEachMonitor(double second) {
        if (monitors.isEmpty()) return;
        // the point's own immutable copy is what the snapshot shows: one small map per round, no other copies
        Map<String, Map<String, Double>> latest = new java.util.LinkedHashMap<>(latestMonitors);
        try {
            sampleEachMonitor(second, latest);
        } finally {
            latestMonitors = java.util.Collections.unmodifiableMap(latest);
        }
    }

    private void sampleEachMonitor(double second, Map<String, Map<String, Double>> latest) {
        for (int i = 0; i < monitors.size(); i++) {
            monitorInProgress = i;
            try {
                Map<String, Double> values = monitors.get(i).sample();
                if (values != null && !values.isEmpty()) {
                    List<MonitorSeries.Point> points = monitorPoints.get(i);
                    Map<String, Double> copy = Map.copyOf(values);
                    synchronized (points) {
                        points.add(new MonitorSeries.Point(second, copy));
                    }
                    latest.put(monitors.get(i).name(), copy);
                }
            } catch (RuntimeException e) {
                synchronized (monitorErrors) {
                    if (monitorErrors[i] == null) {
                        monitorErrors[i] = e.getClass().getSimpleName() + ": " + Secrets.redact(e.getMessage());
                    }
                }
            }
        }
    }

    /**
     * Stops the timer thread; call {@link #tick} once more before reading results. The timer thread may
     * still be inside a monitor's sample; see {@link #monitorSeries}.
     */
    void finish() { finished = true; }

    /** After the final {@link #tick}: the stall windows found. */
    synchronized List<Stall> stalls() {
        stalls.finish();
        return stalls.stalls();
    }

    /**
     * What the monitors read so far. Safe while the timer thread is still inside a monitor that never
     * returned (the engine stops waiting for it): that monitor's series then ends with {@code stuck}.
     *
     * @param stuck true when the timer thread did not end when asked (a monitor hung)
     */
    /** Name of the engine's own series of attempts in flight, after the scenario's monitors. */
    static final String LOAD = "load";

    List<MonitorSeries> monitorSeries(boolean stuck) {
        List<MonitorSeries> out = new ArrayList<>();
        for (int i = 0; i < monitors.size(); i++) {
            List<MonitorSeries.Point> points = monitorPoints.get(i);
            List<MonitorSeries.Point> copy;
            synchronized (points) {
                copy = List.copyOf(points);
            }
            String error;
            synchronized (monitorErrors) {
                error = monitorErrors[i];
            }
            if (error == null && stuck && monitorInProgress == i) {
                error = "stopped answering: a sample was still running when the scenario ended";
            }
            out.add(new MonitorSeries(monitors.get(i).name(), copy, error, monitors.get(i).counters()));
        }
        synchronized (this) {
            out.add(new MonitorSeries(LOAD, loadPoints, null));
        }
        return out;
    }
}
