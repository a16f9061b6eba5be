package dev.stampede.core.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the duration forms users write: {@code 30s}, {@code 5m}, {@code 1h}, {@code 250ms},
 * {@code 1m30s}, {@code 1.5s}, or a bare number taken in a stated default unit (seconds for most keys,
 * minutes for the seed's {@code duration_minutes} and the {@code --duration} flag). Also formats
 * durations the same way, without losing precision: {@code parse(format(d), 1)} equals {@code d}.
 */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d*)?|\\.\\d+");
    private static final BigDecimal NANOS_PER_MS = BigDecimal.valueOf(1_000_000L);

    private Durations() {
    }

    /**
     * @param defaultUnitSeconds seconds per unit for a bare number (1 for seconds, 60 for minutes)
     * @throws IllegalArgumentException naming what was expected
     */
    public static Duration parse(String text, double defaultUnitSeconds) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace(" ", "");
        if (t.startsWith("-")) throw new IllegalArgumentException("'" + text + "' is negative; durations must be positive");
        if (NUMBER.matcher(t).matches()) {
            return ofNanos(new BigDecimal(t).multiply(BigDecimal.valueOf(defaultUnitSeconds)).movePointRight(9), text);
        }
        Matcher m = PART.matcher(t);
        int pos = 0;
        BigDecimal nanos = BigDecimal.ZERO;
        while (m.find() && m.start() == pos) {
            BigDecimal v = new BigDecimal(m.group(1));
            nanos = nanos.add(switch (m.group(2)) {
                case "ms" -> v.movePointRight(6);
                case "s" -> v.movePointRight(9);
                case "m" -> v.multiply(BigDecimal.valueOf(60)).movePointRight(9);
                default -> v.multiply(BigDecimal.valueOf(3600)).movePointRight(9);
            });
            pos = m.end();
        }
        if (pos == 0 || pos != t.length()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; write it like 30s, 5m, 1h, 250ms or 1m30s");
        }
        return ofNanos(nanos, text);
    }

    private static Duration ofNanos(BigDecimal nanos, String text) {
        try {
            return Duration.ofNanos(nanos.setScale(0, RoundingMode.HALF_UP).longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration");
        }
    }

    /**
     * Short human form that {@link #parse} reads back exactly: 45s, 5m, 1h30m, 250ms, 1s500ms, 0.25ms.
     * Nothing is rounded: sub-millisecond parts are written as a decimal number of milliseconds.
     */
    public static String format(Duration d) {
        if (d == null) return "-";
        if (d.isNegative()) return "-" + format(d.negated());
        if (d.isZero()) return "0s";
        long s = d.getSeconds();
        int nanos = d.getNano();
        StringBuilder b = new StringBuilder();
        if (s >= 3600) { b.append(s / 3600).append('h'); s %= 3600; }
        if (s >= 60) { b.append(s / 60).append('m'); s %= 60; }
        if (s > 0) b.append(s).append('s');
        if (nanos > 0) {
            b.append(BigDecimal.valueOf(nanos).divide(NANOS_PER_MS).stripTrailingZeros().toPlainString()).append("ms");
        }
        return b.toString();
    }
}
