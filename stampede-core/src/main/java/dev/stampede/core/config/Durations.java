package dev.stampede.core.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the duration forms users write: {@code 30s}, {@code 5m}, {@code 1h}, {@code 250ms},
 * {@code 1m30s}, or a bare number taken in a stated default unit (seconds for most keys, minutes for
 * the seed's {@code duration_minutes}). Also formats durations the same way.
 */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

    private Durations() {
    }

    /**
     * @param defaultUnitSeconds seconds per unit for a bare number (1 for seconds, 60 for minutes)
     * @throws IllegalArgumentException naming what was expected
     */
    public static Duration parse(String text, double defaultUnitSeconds) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT).replace(" ", "");
        if (t.startsWith("-")) throw new IllegalArgumentException("'" + text + "' is negative; durations must be positive");
        try {
            double n = Double.parseDouble(t);
            return Duration.ofNanos(Math.round(n * defaultUnitSeconds * 1e9));
        } catch (NumberFormatException ignored) {
            // not a bare number: parse units below
        }
        Matcher m = PART.matcher(t);
        int pos = 0;
        double nanos = 0;
        while (m.find() && m.start() == pos) {
            double v = Double.parseDouble(m.group(1));
            nanos += switch (m.group(2)) {
                case "ms" -> v * 1e6;
                case "s" -> v * 1e9;
                case "m" -> v * 60e9;
                default -> v * 3600e9;
            };
            pos = m.end();
        }
        if (pos == 0 || pos != t.length()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; write it like 30s, 5m, 1h, 250ms or 1m30s");
        }
        return Duration.ofNanos(Math.round(nanos));
    }

    /** Short human form: 45s, 5m, 1h30m, 250ms. */
    public static String format(Duration d) {
        if (d == null) return "-";
        long ms = d.toMillis();
        if (ms < 1000) return ms + "ms";
        long s = Math.round(ms / 1000.0);
        StringBuilder b = new StringBuilder();
        if (s >= 3600) { b.append(s / 3600).append('h'); s %= 3600; }
        if (s >= 60) { b.append(s / 60).append('m'); s %= 60; }
        if (s > 0 || b.length() == 0) b.append(s).append('s');
        return b.toString();
    }
}
