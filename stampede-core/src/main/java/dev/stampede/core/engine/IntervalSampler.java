package dev.stampede.core.engine;

import dev.stampede.core.api.Monitor;
import dev.stampede.core.metrics.IntervalRow;
import dev.stampede.core.metrics.MetricsCollector;
import dev.stampede.core.util.Secrets;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The run's interval clock: one platform thread that, every interval, closes the metrics interval,
 * samples every monitor, reports progress and watches for a lost target or the time limit.
 *
 * <p>Thread-safety: {@link #tick} is synchronized so that the engine can force a tick at a phase
 * boundary without racing the timer; everything else is confined to the sampler thread.
 */
final class IntervalSampler implements Runnable {
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

    private volatile MetricsCollector active;
    private volatile String phase = "starting";
    private volatile boolean finished;
    private long lastTickNanos;
    private int ticksWithoutSuccess;
    private boolean connectionLossInStreak;
    private long attempts;
    private long errors;

    IntervalSampler(NanoClock clock, String scenario, long startNanos, long intervalNanos, double plannedSeconds,
                    List<Monitor> monitors, ProgressListener progress, RunControl scenarioControl,
                    RunControl runControl, long timeLimitNanos, int targetLostAfterTicks) {
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

    /** Switches the collector that ticks feed (null while a warm-up phase runs). */
    synchronized void activate(MetricsCollector collector, String phaseName) {
        this.active = collector;
        this.phase = phaseName;
    }

    @Override
    public void run() {
        long next = startNanos + intervalNanos;
        try {
            while (!finished) {
                clock.sleepUntil(next);
                if (finished) return;
                tick();
                next += intervalNanos;
                long now = clock.nanoTime();
                if (next < now) next = now + intervalNanos; // never try to catch up in a burst
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes the current interval now; also called at phase boundaries and at the end. */
    synchronized void tick() {
        long now = clock.nanoTime();
        double intervalSeconds = (now - lastTickNanos) / 1e9;
        if (intervalSeconds <= 0.0005) return;
        lastTickNanos = now;
        double second = (now - startNanos) / 1e9;
        MetricsCollector collector = active;
        IntervalRow all = null;
        if (collector != null) {
            all = collector.tick(second, phase, intervalSeconds);
            attempts += all.ok() + all.failed() + all.unknown();
            errors += all.failed() + all.unknown();
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
        }
        sampleMonitors(second);
        if (timeLimitNanos > 0 && now - startNanos >= timeLimitNanos) scenarioControl.stop(StopReason.TIMEOUT);
        if (intervalSeconds * 2e9 < intervalNanos) return; // a sliver at a phase boundary: no progress line for it
        progress.onTick(new ProgressListener.Snapshot(scenario, phase, second, plannedSeconds,
                all == null ? 0 : all.throughputPerSec(), all == null ? 0 : all.p95Ms(), errors, attempts));
    }

    private void sampleMonitors(double second) {
        for (int i = 0; i < monitors.size(); i++) {
            try {
                Map<String, Double> values = monitors.get(i).sample();
                if (values != null && !values.isEmpty()) {
                    monitorPoints.get(i).add(new MonitorSeries.Point(second, Map.copyOf(values)));
                }
            } catch (RuntimeException e) {
                if (monitorErrors[i] == null) {
                    monitorErrors[i] = e.getClass().getSimpleName() + ": " + Secrets.redact(e.getMessage());
                }
            }
        }
    }

    /** Stops the timer thread; call {@link #tick} once more before reading results. */
    void finish() { finished = true; }

    List<MonitorSeries> monitorSeries() {
        List<MonitorSeries> out = new ArrayList<>();
        for (int i = 0; i < monitors.size(); i++) {
            out.add(new MonitorSeries(monitors.get(i).name(), monitorPoints.get(i), monitorErrors[i]));
        }
        return out;
    }
}
