package dev.stampede.core.capacity;

import dev.stampede.core.api.ErrorClass;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.host.GeneratorSaturation;
import dev.stampede.core.metrics.ErrorSummary;
import dev.stampede.core.metrics.OperationSummary;

/**
 * What one probe measured: an open-model phase at a fixed arrival rate, its warm-up discarded. Immutable.
 *
 * <p>Units: rates per second, latencies in milliseconds from each arrival's intended start (so queueing in the
 * generator and at the pool counts), error rate in percent of attempts.
 *
 * @param rate              the offered arrival rate
 * @param measuredSeconds   the measured window
 * @param extended          true for the longer second probe at a rate whose first probe was still rising
 * @param attempts          attempts started (dropped arrivals are not attempts)
 * @param errors            failed plus unknown attempts
 * @param achievedRate      successful attempts per second of the measured window
 * @param p50Ms             latency percentiles
 * @param droppedArrivals   arrivals due in the window that never started (the generator's in-flight limit was full)
 * @param startLagP99Ms     how late the arrivals started against their schedule, p99 (the generator's own queue)
 * @param acquireP99Ms      pool wait, p99 (0 for targets without a pool)
 * @param executionP99Ms    from holding the connection to the end, p99: the target's own time
 * @param poolTimeouts      attempts that failed waiting for a pool connection
 * @param generatorSaturated the generator's CPU saturation verdict's reason, or null when it had CPU to spare
 * @param trend             whether latency was still rising at the end
 * @param stopped           true when the run was stopped (Ctrl-C, time limit, lost target) during this probe
 */
public record ProbeResult(double rate, double measuredSeconds, boolean extended, long attempts, long errors,
                          double achievedRate, double p50Ms, double p95Ms, double p99Ms, double maxMs,
                          long droppedArrivals, double startLagP99Ms, double acquireP99Ms, double executionP99Ms,
                          long poolTimeouts, String generatorSaturated, LatencyTrend.Result trend, boolean stopped) {

    /** Errors in percent of attempts (0 without attempts). */
    public double errorPercent() {
        return attempts == 0 ? 0 : 100.0 * errors / attempts;
    }

    /** Dropped arrivals in percent of the arrivals due (attempts plus dropped). */
    public double droppedPercent() {
        long due = attempts + droppedArrivals;
        return due == 0 ? 0 : 100.0 * droppedArrivals / due;
    }

    /**
     * The latency p99 the attempts spent past their start, on the target's side of the generator: pool wait plus
     * execution (each a p99, so an upper bound on the p99 of their sum).
     */
    public double serverSideP99Ms() {
        return acquireP99Ms + executionP99Ms;
    }

    /**
     * Reads a probe from the engine's run of its plan ({@link ProbePlan}): the totals of the measured phase, the trend of
     * phase {@code measuredPhase}, and the generator monitor's saturation check for a host of {@code cores}.
     */
    public static ProbeResult of(double rate, boolean extended, ScenarioRun run, String measuredPhase, int cores) {
        OperationSummary all = run.metrics().all();
        long pool = 0;
        for (ErrorSummary e : all.errors()) if (ErrorClass.POOL_TIMEOUT.code().equals(e.code())) pool += e.total();
        String saturated = GeneratorSaturation.check(run.monitors(), cores).map(v -> v.reason()).orElse(null);
        return new ProbeResult(rate, run.measuredSeconds(), extended, all.attempts(), all.failed() + all.unknown(),
                all.throughputPerSec(), all.latency().p50Ms(), all.latency().p95Ms(), all.latency().p99Ms(), all.latency().maxMs(),
                run.metrics().droppedArrivals(), run.metrics().startLag().p99Ms(), all.acquire().p99Ms(), all.execution().p99Ms(),
                pool, saturated, LatencyTrend.of(run.metrics().series(), measuredPhase), run.partial());
    }
}
