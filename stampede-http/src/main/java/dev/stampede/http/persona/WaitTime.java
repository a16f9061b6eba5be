package dev.stampede.http.persona;

import dev.stampede.core.api.OperationContext;
import dev.stampede.core.config.Durations;

import java.time.Duration;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A persona's wait between tasks (Locust's {@code wait_time}), told to the engine through the attempt's context, so
 * the wait is never part of a request's latency. Immutable.
 *
 * <ul>
 *   <li>{@code constant}: the same think time after every task;</li>
 *   <li>{@code between}: a think time drawn uniformly from [min, max] with the user's random source;</li>
 *   <li>{@code constant_pacing}: a task starts every {@code pace} (its slot); a task that overran its pace is
 *       followed at once and the next request is measured from its slot, so a slow server shows.</li>
 * </ul>
 *
 * @param kind     which of the three
 * @param minNanos think time (between: the lower bound; constant_pacing: the pace)
 * @param maxNanos between: the upper bound; otherwise equal to {@code minNanos}
 */
public record WaitTime(Kind kind, long minNanos, long maxNanos) {
    public enum Kind { CONSTANT, BETWEEN, CONSTANT_PACING }

    private static final Pattern CALL = Pattern.compile("\\s*(constant|between|constant_pacing)\\s*\\(([^)]*)\\)\\s*");

    public WaitTime {
        if (minNanos < 0 || maxNanos < minNanos) throw new IllegalArgumentException("wait time bounds must satisfy 0 <= min <= max");
        if (kind == Kind.CONSTANT_PACING && minNanos == 0) throw new IllegalArgumentException("constant_pacing needs a positive pace");
    }

    /** Tells the engine the wait after the task that {@code ctx}'s attempt is running now. */
    public void apply(OperationContext ctx, SplittableRandom random) {
        switch (kind) {
            case CONSTANT -> ctx.thinkNext(minNanos);
            case BETWEEN -> ctx.thinkNext(maxNanos == minNanos ? minNanos : random.nextLong(minNanos, maxNanos + 1));
            case CONSTANT_PACING -> ctx.paceNext(minNanos);
        }
    }

    /**
     * Parses Locust's call form, seconds as numbers or durations with units: {@code constant(1)}, {@code between(0.5, 2)},
     * {@code constant_pacing(2s)}; or a map form handled by the caller ({@link #of}).
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static WaitTime parse(String text) {
        Matcher m = CALL.matcher(text);
        if (!m.matches()) throw new IllegalArgumentException(FORMS + " (got '" + text + "')");
        String[] args = m.group(2).split(",");
        Kind kind = Kind.valueOf(m.group(1).toUpperCase(Locale.ROOT));
        int want = kind == Kind.BETWEEN ? 2 : 1;
        if (args.length != want || args[0].isBlank()) {
            throw new IllegalArgumentException(m.group(1) + " takes " + want + (want == 1 ? " duration" : " durations (min, max)")
                    + " (got '" + text + "')");
        }
        Duration a = duration(args[0]);
        return of(kind, a, want == 2 ? duration(args[1]) : a);
    }

    /** The wait of {@code kind} with its bounds, validated with a message for the persona file. */
    public static WaitTime of(Kind kind, Duration min, Duration max) {
        if (max.compareTo(min) < 0) {
            throw new IllegalArgumentException("between's max (" + Durations.format(max) + ") is below its min (" + Durations.format(min) + ")");
        }
        if (kind == Kind.CONSTANT_PACING && min.isZero()) throw new IllegalArgumentException("constant_pacing needs a pace above 0");
        return new WaitTime(kind, min.toNanos(), max.toNanos());
    }

    static Duration duration(String text) {
        Duration d = Durations.parse(text.trim(), 1.0);
        if (d.isNegative()) throw new IllegalArgumentException("a wait time must not be negative (got '" + text.trim() + "')");
        return d;
    }

    static final String FORMS = "one of constant(T), between(MIN, MAX), constant_pacing(T) (seconds, or durations such as 500ms), "
            + "or a mapping {constant: T}, {between: [MIN, MAX]}, {constant_pacing: T}";

    @Override
    public String toString() {
        String a = Durations.format(Duration.ofNanos(minNanos));
        return switch (kind) {
            case CONSTANT -> "constant(" + a + ")";
            case BETWEEN -> "between(" + a + ", " + Durations.format(Duration.ofNanos(maxNanos)) + ")";
            case CONSTANT_PACING -> "constant_pacing(" + a + ")";
        };
    }
}
