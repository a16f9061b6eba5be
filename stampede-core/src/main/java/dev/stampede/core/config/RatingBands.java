package dev.stampede.core.config;

import java.util.Arrays;

/**
 * Seed 000's rating bands. Immutable: the arrays are copied on the way in and on the way out, so
 * neither the caller that built the bands nor one that reads them can change them.
 *
 * @param responseTimeMs   Excellent below [0], Good below [1], Acceptable below [2], Poor above
 * @param throughputOps    Low below [0], Acceptable below [1], Good below [2], High above
 * @param errorRatePercent Excellent below [0], Good below [1], Acceptable below [2], Poor above
 */
public record RatingBands(double[] responseTimeMs, double[] throughputOps, double[] errorRatePercent) {

    /** @throws IllegalArgumentException unless each band is three ascending numbers */
    public RatingBands {
        responseTimeMs = checked("response_time_ms", responseTimeMs);
        throughputOps = checked("throughput_ops", throughputOps);
        errorRatePercent = checked("error_rate_percent", errorRatePercent);
    }

    public static RatingBands defaults() {
        return new RatingBands(new double[]{50, 100, 200}, new double[]{100, 500, 1000}, new double[]{0.1, 1, 5});
    }

    /** A copy of the response-time bounds, in milliseconds. */
    @Override public double[] responseTimeMs() { return responseTimeMs.clone(); }

    /** A copy of the throughput bounds, in operations per second. */
    @Override public double[] throughputOps() { return throughputOps.clone(); }

    /** A copy of the error-rate bounds, in percent. */
    @Override public double[] errorRatePercent() { return errorRatePercent.clone(); }

    @Override
    public boolean equals(Object o) {
        return o instanceof RatingBands b && Arrays.equals(responseTimeMs, b.responseTimeMs)
                && Arrays.equals(throughputOps, b.throughputOps) && Arrays.equals(errorRatePercent, b.errorRatePercent);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(responseTimeMs) + Arrays.hashCode(throughputOps)) + Arrays.hashCode(errorRatePercent);
    }

    @Override
    public String toString() {
        return "RatingBands[responseTimeMs=" + Arrays.toString(responseTimeMs) + ", throughputOps="
                + Arrays.toString(throughputOps) + ", errorRatePercent=" + Arrays.toString(errorRatePercent) + "]";
    }

    private static double[] checked(String name, double[] bounds) {
        if (bounds == null || bounds.length != 3) {
            throw new IllegalArgumentException(name + " needs three ascending numbers, like [50, 100, 200]");
        }
        double[] copy = bounds.clone();
        for (int i = 0; i < 3; i++) {
            if (!Double.isFinite(copy[i]) || (i > 0 && copy[i] <= copy[i - 1])) {
                throw new IllegalArgumentException(name + " needs three ascending numbers, got " + Arrays.toString(copy));
            }
        }
        return copy;
    }
}
