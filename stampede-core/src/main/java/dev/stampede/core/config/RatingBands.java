package dev.stampede.core.config;

/**
 * Seed 000's rating bands. Immutable.
 *
 * @param responseTimeMs   Excellent below [0], Good below [1], Acceptable below [2], Poor above
 * @param throughputOps    Low below [0], Acceptable below [1], Good below [2], High above
 * @param errorRatePercent Excellent below [0], Good below [1], Acceptable below [2], Poor above
 */
public record RatingBands(double[] responseTimeMs, double[] throughputOps, double[] errorRatePercent) {

    public static RatingBands defaults() {
        return new RatingBands(new double[]{50, 100, 200}, new double[]{100, 500, 1000}, new double[]{0.1, 1, 5});
    }
}
