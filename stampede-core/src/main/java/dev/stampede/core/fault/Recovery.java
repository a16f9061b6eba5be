package dev.stampede.core.fault;

import dev.stampede.core.metrics.IntervalRow;

import java.util.List;

/**
 * How long the service took to come back after a fault ended, read from the scenario's per-second series (the ALL
 * rows): recovered at the end of the first interval that ends after the fault, has no failed or unknown attempt and
 * completes at least {@value #SHARE} of the mean successes per interval before the fault began (in the recorded
 * phases). Resolution is the series' interval (1 s). Stateless.
 */
public final class Recovery {
    /** The share of the pre-fault success rate that counts as recovered. */
    public static final double SHARE = 0.9;

    /**
     * The result.
     *
     * @param seconds from the fault's end to the recovering interval's end; null when not measurable
     * @param note    why not, or how it was judged
     */
    public record Result(Double seconds, String note) {
    }

    private Recovery() {
    }

    /**
     * @param series    the scenario's time series (all operations; only ALL rows are read)
     * @param recorded  the names of the recorded phases
     * @param faultFrom the fault's applied start, seconds since the scenario started
     * @param faultTo   its applied end, same scale
     */
    public static Result after(List<IntervalRow> series, java.util.Set<String> recorded, double faultFrom, double faultTo) {
        long ok = 0;
        int n = 0;
        for (IntervalRow r : series) {
            if (!"ALL".equals(r.operation()) || !recorded.contains(r.phase())) continue;
            if (r.second() <= faultFrom) {
                ok += r.ok();
                n++;
            }
        }
        if (n == 0) return new Result(null, "no full interval before the fault to compare with");
        double baseline = (double) ok / n;
        for (IntervalRow r : series) {
            if (!"ALL".equals(r.operation()) || r.second() <= faultTo) continue;
            if (r.failed() == 0 && r.unknown() == 0 && r.ok() >= SHARE * baseline) {
                return new Result(r.second() - faultTo, String.format(java.util.Locale.ROOT,
                        "first interval with no errors and at least %.0f%% of the %.1f successes/s before the fault", SHARE * 100, baseline));
            }
        }
        return new Result(null, String.format(java.util.Locale.ROOT, "not recovered by the end of the scenario (%.0f%% of %.1f successes/s "
                + "with no errors was never reached again)", SHARE * 100, baseline));
    }
}
