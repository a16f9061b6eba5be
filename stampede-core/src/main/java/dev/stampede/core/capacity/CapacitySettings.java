package dev.stampede.core.capacity;

import dev.stampede.core.config.ConfigException;

import java.time.Duration;
import java.util.Locale;

/**
 * What a capacity search looks for and how it probes. Immutable and validated: a search that could never fail, a
 * ceiling below the starting rate or a probe too short to reach a steady state is refused here, with the setting and
 * its fix, before anything runs.
 *
 * <p>Units: rates are arrivals per second, latency in milliseconds, error rate in percent of attempts.
 *
 * @param p99Ms            the p99 latency a sustainable rate keeps (from each arrival's intended start); null for none
 * @param errorRatePercent the failed-plus-unknown share a sustainable rate keeps; null for none
 * @param startRate        the first probe's rate
 * @param maxRate          the highest rate probed; a search that passes here reports "at least max_rate"
 * @param precisionPercent the bisection stops when the bracket's upper end is within this much of its lower end
 * @param probe            each probe's measured length (its warm-up comes first and is discarded)
 * @param warmup           each probe's discarded warm-up at the probe's rate
 * @param confirmations    extra probes at the answer before it is reported (0: none)
 */
public record CapacitySettings(Double p99Ms, Double errorRatePercent, double startRate, double maxRate,
                               double precisionPercent, Duration probe, Duration warmup, int confirmations) {
    /** The bracketing factor: each passing probe's rate times this is the next one. */
    public static final double GROWTH = 2.0;
    /** Shortest probe: the trend check compares its first and last thirds, each at least a one-second interval. */
    public static final Duration MIN_PROBE = Duration.ofSeconds(3);
    /** Fewest arrivals a probe at the starting rate must have for its p99 to be more than the maximum of a handful. */
    public static final long MIN_ARRIVALS_FOR_P99 = 100;
    /** Probes below the starting rate when even it fails: start / 2, / 4, ... this many times. */
    public static final int MAX_STEPS_DOWN = 4;
    /** How often a failed confirmation may send the search back to bisecting before it settles on what it has. */
    public static final int MAX_CONFIRM_ROUNDS = 3;

    public CapacitySettings {
        if (p99Ms == null && errorRatePercent == null) {
            throw new ConfigException("a capacity search needs a target it can fail: give --p99-target MS and/or --max-error-rate PCT "
                    + "(capacity.p99_ms, capacity.error_rate_percent); without one every rate would pass");
        }
        if (p99Ms != null && !(p99Ms > 0)) {
            throw new ConfigException("capacity.p99_ms (--p99-target) must be positive, got " + p99Ms);
        }
        if (errorRatePercent != null && !(errorRatePercent >= 0 && errorRatePercent < 100)) {
            throw new ConfigException("capacity.error_rate_percent (--max-error-rate) must be at least 0 and below 100, got "
                    + errorRatePercent);
        }
        if (!(startRate > 0)) throw new ConfigException("capacity.start_rate must be positive (arrivals per second), got " + startRate);
        if (!(maxRate >= startRate)) {
            throw new ConfigException(String.format(Locale.ROOT, "capacity.max_rate (%s/s) is below capacity.start_rate (%s/s): the search "
                    + "would have nowhere to go; raise max_rate or lower start_rate", num(maxRate), num(startRate)));
        }
        if (!(precisionPercent >= 0.5 && precisionPercent <= 50)) {
            throw new ConfigException("capacity.precision_percent must be between 0.5 and 50, got " + precisionPercent);
        }
        if (probe == null || probe.compareTo(MIN_PROBE) < 0) {
            throw new ConfigException("capacity.probe_seconds " + (probe == null ? "is missing" : "is " + num(probe.toMillis() / 1000.0) + " s")
                    + ": a probe needs at least " + MIN_PROBE.toSeconds() + " s to reach a steady state and show whether its latency is "
                    + "still rising; give probe_seconds of " + MIN_PROBE.toSeconds() + " or more (30 is a good start)");
        }
        if (p99Ms != null && startRate * probe.toMillis() / 1000.0 < MIN_ARRIVALS_FOR_P99) {
            throw new ConfigException(String.format(Locale.ROOT, "capacity.probe_seconds (%s s) at capacity.start_rate (%s/s) gives %d arrivals: "
                            + "too few for a p99 (at least %d); lengthen probe_seconds to %s or raise start_rate",
                    num(probe.toMillis() / 1000.0), num(startRate), Math.round(startRate * probe.toMillis() / 1000.0),
                    MIN_ARRIVALS_FOR_P99, num(Math.ceil(MIN_ARRIVALS_FOR_P99 / startRate))));
        }
        if (warmup == null || warmup.isNegative()) throw new ConfigException("capacity.warmup_seconds must not be negative, got " + warmup);
        if (confirmations < 0 || confirmations > 10) {
            throw new ConfigException("capacity.confirmations must be between 0 and 10, got " + confirmations);
        }
    }

    /** Defaults: start at 10/s, up to 100,000/s, 5 % precision, 30 s probes after 10 s warm-up, two confirmations. */
    public static CapacitySettings of(Double p99Ms, Double errorRatePercent) {
        return new CapacitySettings(p99Ms, errorRatePercent, 10, 100_000, 5, Duration.ofSeconds(30), Duration.ofSeconds(10), 2);
    }

    /** The bracket's target ratio, upper over lower end. */
    public double precisionRatio() {
        return 1 + precisionPercent / 100.0;
    }

    /**
     * The most probes the search can make: up (or down) to the bracket, bisections to the precision, each confirmation
     * round, and one extension per probe at most. The run's automatic time limit is sized from it.
     */
    public int maxProbes() {
        int up = (int) Math.ceil(Math.log(maxRate / startRate) / Math.log(GROWTH)) + 1;
        int bracket = Math.max(up, MAX_STEPS_DOWN + 1);
        int bisect = (int) Math.ceil(Math.log(Math.log(GROWTH) / Math.log(precisionRatio())) / Math.log(2)) + 1;
        int rounds = 1 + MAX_CONFIRM_ROUNDS;
        return 2 * (bracket + rounds * (bisect + confirmations));
    }

    /** The longest the search can take, probes and warm-ups (the engine's end-of-phase grace not included). */
    public Duration worstCase() {
        return probe.multipliedBy(2).plus(warmup).multipliedBy(maxProbes());
    }

    static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3g", v);
    }
}
