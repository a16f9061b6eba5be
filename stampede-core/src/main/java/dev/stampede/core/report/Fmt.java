package dev.stampede.core.report;

import java.util.Locale;

/** Number formatting shared by the text reports; locale-independent. */
final class Fmt {
    private Fmt() {
    }

    /**
     * A report-header value as plain text: a map (such as {@code target.generator}) as {@code key: value} pairs
     * joined by commas, nested maps in parentheses, a list joined by commas, anything else by {@code toString}.
     */
    static String plain(Object v) {
        if (v instanceof java.util.Map<?, ?> m) {
            StringBuilder b = new StringBuilder();
            m.forEach((k, x) -> {
                if (!b.isEmpty()) b.append(", ");
                String inner = plain(x);
                b.append(k).append(": ").append(x instanceof java.util.Map<?, ?> ? "(" + inner + ")" : inner);
            });
            return b.toString();
        }
        if (v instanceof java.util.Collection<?> c) {
            return String.join(", ", c.stream().map(Fmt::plain).toList());
        }
        return String.valueOf(v);
    }

    static String ms(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : v >= 10 ? String.format(Locale.ROOT, "%.1f", v)
                : String.format(Locale.ROOT, "%.2f", v);
    }

    static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(Locale.ROOT, "%,d", (long) v)
                : String.format(Locale.ROOT, "%,.2f", v);
    }

    static String count(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
    }

    static String d2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String seconds(double s) {
        return String.format(Locale.ROOT, "%.1f s", s);
    }
}
