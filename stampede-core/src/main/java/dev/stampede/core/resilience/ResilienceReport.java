package dev.stampede.core.resilience;

import dev.stampede.core.report.ChartWindows;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a scenario's resilience policy did, as the report's {@code resilience} extra: logical requests against physical
 * attempts (the amplification factor, over the scenario and inside the fault windows), the backoffs actually waited
 * against the configured ones, the calls the breaker refused and its state timeline. Times in seconds since the
 * scenario started. Immutable.
 *
 * @param policy            the policy in words
 * @param amplification     physical attempts per logical request over the scenario (warm-up included)
 * @param faultAmplification the same inside the fault windows (at 100 ms resolution), or null without faults
 * @param endS              the scenario's end, seconds since it started (where a breaker still open is drawn to)
 */
public record ResilienceReport(String policy, long logicalRequests, long physicalAttempts, long retries, long rejectedByBreaker,
                               double amplification, Double faultAmplification, List<Backoff> backoffs,
                               List<BreakerChange> breaker, String breakerStateAtEnd, double endS) implements ChartWindows {
    /** The report's extras key. */
    public static final String KEY = "resilience";

    public ResilienceReport {
        backoffs = List.copyOf(backoffs);
        breaker = List.copyOf(breaker);
    }

    /**
     * Retry number {@code retry}'s backoffs.
     *
     * @param configuredMs the policy's backoff before jitter
     * @param drawnMeanMs  the mean of the backoffs drawn (with jitter)
     * @param waitedMeanMs the mean actually waited on the engine clock
     */
    public record Backoff(int retry, long count, double configuredMs, double drawnMeanMs, double waitedMeanMs) {
    }

    /** One state change of the breaker, seconds since the scenario started. */
    public record BreakerChange(double atS, String from, String to) {
    }

    /**
     * @param scenarioStart  the scenario's start on the engine clock
     * @param endS           the scenario's length in seconds (its elapsed time)
     * @param faultWindows   the applied fault windows as [start, end) nanos on the engine clock
     */
    public static ResilienceReport of(ResiliencePolicy policy, ResilienceStats stats, String breakerState, long scenarioStart,
                                      double endS, List<long[]> faultWindows) {
        List<Backoff> backoffs = new ArrayList<>();
        for (int n = 1; n <= policy.maxRetries(); n++) {
            long c = stats.waitsAt(n);
            if (c == 0) continue;
            backoffs.add(new Backoff(n, c, policy.retry().baseNanos(n) / 1e6, stats.meanConfiguredNanos(n) / 1e6,
                    stats.meanWaitNanos(n) / 1e6));
        }
        List<BreakerChange> changes = new ArrayList<>();
        for (ResilienceStats.Transition t : stats.transitions()) {
            changes.add(new BreakerChange((t.atNanos() - scenarioStart) / 1e9, name(t.from()), name(t.to())));
        }
        Double faultAmp = null;
        if (!faultWindows.isEmpty()) {
            long l = 0, p = 0;
            for (long[] w : faultWindows) {
                long[] b = stats.between(w[0], w[1]);
                l += b[0];
                p += b[1];
            }
            faultAmp = l == 0 ? null : (double) p / l;
        }
        return new ResilienceReport(describe(policy), stats.logicalRequests(), stats.physicalAttempts(), stats.retries(),
                stats.rejectedByBreaker(), stats.amplification(), faultAmp, backoffs, changes, breakerState, endS);
    }

    private static String name(Enum<?> state) {
        return state.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The policy in a line: {@code retry 4 attempts, 100ms x2 (max 30s), jitter 0.5; breaker 50% of 20 calls, open 5s}. */
    public static String describe(ResiliencePolicy p) {
        List<String> parts = new ArrayList<>();
        if (p.retry() != null) {
            RetryPolicy r = p.retry();
            parts.add(String.format(Locale.ROOT, "retry %d attempts, %s x%s (max %s), jitter %s%s", r.maxAttempts(),
                    dev.stampede.core.config.Durations.format(r.initial()), trim(r.multiplier()),
                    dev.stampede.core.config.Durations.format(r.max()), trim(r.jitter()),
                    r.retryOn().isEmpty() ? ", connection failures" : ", on " + String.join(", ", r.retryOn())));
        }
        if (p.breaker() != null) {
            ResiliencePolicy.Breaker b = p.breaker();
            parts.add(String.format(Locale.ROOT, "breaker %s%% of %d calls (min %d), open %s, %d trial calls", trim(b.failurePercent()),
                    b.window(), b.minimumCalls(), dev.stampede.core.config.Durations.format(b.openFor()), b.halfOpenCalls()));
        }
        return String.join("; ", parts);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** The breaker's open periods (open until it next left the open state). */
    @Override
    public List<ChartWindows.Window> chartWindows() {
        List<ChartWindows.Window> out = new ArrayList<>();
        Double openedAt = null;
        for (BreakerChange c : breaker) {
            if (c.to().equals("open") && openedAt == null) openedAt = c.atS();
            else if (c.from().equals("open") && openedAt != null) {
                out.add(new ChartWindows.Window("breaker", "breaker open", openedAt, c.atS()));
                openedAt = null;
            }
        }
        if (openedAt != null) out.add(new ChartWindows.Window("breaker", "breaker open", openedAt, Math.max(openedAt, endS)));
        return out;
    }
}
