package dev.stampede.http.persona;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * What a persona does with a throttled response's {@code Retry-After} (persona key {@code retry_after}): ignore it
 * (the default, as Locust and k6 do: the user's next task follows its wait time, and a rate limit shows as the share of
 * requests throttled), or honour it: the user's next request waits until the server said to come back, at most
 * {@code max} (a server answering {@code Retry-After: 3600} must not park a user for the rest of the run; such waits are
 * counted as capped). The wait replaces the persona's think time when it is longer; it is never part of a request's
 * latency. Immutable.
 *
 * @param honour   true to wait as the header says
 * @param maxNanos the longest wait honoured, nanoseconds, at least 1 ms
 */
public record RetryAfter(boolean honour, long maxNanos) {
    /** Honoured waits are capped here unless the persona says {@code retry_after_max}. */
    public static final Duration DEFAULT_MAX = Duration.ofSeconds(60);
    public static final RetryAfter IGNORE = new RetryAfter(false, DEFAULT_MAX.toNanos());

    public RetryAfter {
        if (maxNanos < 1_000_000L) throw new IllegalArgumentException("retry_after_max must be at least 1ms");
    }

    /** Honours Retry-After up to {@code max}. */
    public static RetryAfter honour(Duration max) { return new RetryAfter(true, max.toNanos()); }

    // RFC 9110 section 5.6.7: IMF-fixdate, and the obsolete RFC 850 and asctime forms a recipient must also accept
    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);
    private static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder().appendPattern("EEEE, dd-MMM-")
            // a two-digit year: 1970 to 2069
            .appendValueReduced(ChronoField.YEAR, 2, 2, 1970).appendPattern(" HH:mm:ss 'GMT'").toFormatter(Locale.US);
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);
    private static final java.util.List<DateTimeFormatter> DATES = java.util.List.of(IMF_FIXDATE, RFC_850, ASCTIME);
    private static final java.util.regex.Pattern SECONDS = java.util.regex.Pattern.compile("\\d{1,12}(\\.\\d{1,9})?");

    /**
     * The wait a {@code Retry-After} value asks for, in milliseconds from {@code nowMillis}: delay-seconds (digits; a
     * decimal fraction is accepted too, as some servers send one), or an HTTP-date in any of RFC 9110's three forms,
     * read as UTC. A date already past asks for no wait (0).
     *
     * @param value     the header's value, null when absent
     * @param nowMillis the wall clock, milliseconds since the epoch (a test's own clock)
     * @return the wait in milliseconds, or -1 when the value is absent or neither form
     */
    public static long delayMillis(String value, long nowMillis) {
        if (value == null) return -1;
        String v = value.trim();
        if (v.isEmpty()) return -1;
        if (Character.isDigit(v.charAt(0))) {
            if (!SECONDS.matcher(v).matches()) return -1;
            return Math.round(Double.parseDouble(v) * 1000);
        }
        for (DateTimeFormatter f : DATES) {
            try {
                long at = LocalDateTime.parse(v, f).toInstant(ZoneOffset.UTC).toEpochMilli();
                return Math.max(0, at - nowMillis);
            } catch (DateTimeParseException e) {
                // the next form
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return honour ? "honour (at most " + dev.stampede.core.config.Durations.format(Duration.ofNanos(maxNanos)) + ")" : "ignore";
    }
}
