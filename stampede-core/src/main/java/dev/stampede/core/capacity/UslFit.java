package dev.stampede.core.capacity;

import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;

import java.util.Locale;

/**
 * Fits Gunther's Universal Scalability Law to throughput measured at several concurrencies (a closed-model sweep):
 * {@code X(N) = λN / (1 + σ(N − 1) + κN(N − 1))}, with λ the throughput of one user, σ contention (the serial share:
 * queueing for a shared resource) and κ coherency (the cost of keeping N workers consistent: crosstalk, which makes
 * throughput fall past a peak). Least squares with commons-math3's Levenberg-Marquardt optimizer from several starting
 * points (the best kept), σ and κ held at or above zero. Stateless.
 *
 * <p>The peak is at {@code N* = sqrt((1 − σ) / κ)} (none when κ is zero: throughput then approaches λ/σ). The fit is
 * reported as too poor to trust when R² is below {@value #MIN_R_SQUARED}, or when there are fewer than
 * {@value #MIN_POINTS} distinct concurrencies (three parameters need at least one spare point).
 */
public final class UslFit {
    /** The least R² at which the model is drawn as trustworthy. */
    public static final double MIN_R_SQUARED = 0.9;
    /** The fewest distinct concurrencies a fit needs. */
    public static final int MIN_POINTS = 4;

    /**
     * A fitted curve.
     *
     * @param lambda          throughput of one user, per second
     * @param sigma           contention, 0 to 1
     * @param kappa           coherency, at least 0
     * @param peakConcurrency N*, the concurrency of the highest throughput; null when κ is zero (no peak)
     * @param peakThroughput  X(N*), or λ/σ without a peak (infinite when σ is zero too)
     * @param rSquared        the share of the throughput's variance the model explains
     * @param trustworthy     enough points and R² at least {@link #MIN_R_SQUARED}
     * @param note            why it is not trustworthy; null when it is
     */
    public record Result(double lambda, double sigma, double kappa, Double peakConcurrency, double peakThroughput, double rSquared,
                         boolean trustworthy, String note) {
        /** The modelled throughput at concurrency {@code n}. */
        public double throughput(double n) {
            return lambda * n / (1 + sigma * (n - 1) + kappa * n * (n - 1));
        }
    }

    private UslFit() {
    }

    /**
     * Fits concurrencies {@code n} (each at least 1) to throughputs {@code x} (per second, positive somewhere).
     *
     * @throws IllegalArgumentException for arrays of different lengths, fewer than three points, or no positive throughput
     */
    public static Result fit(double[] n, double[] x) {
        if (n.length != x.length) throw new IllegalArgumentException("concurrencies and throughputs differ in length");
        if (n.length < 3) throw new IllegalArgumentException("a USL fit needs at least three points, got " + n.length);
        double lambda0 = 0;
        for (int i = 0; i < n.length; i++) {
            if (n[i] < 1) throw new IllegalArgumentException("concurrency must be at least 1, got " + n[i]);
            lambda0 = Math.max(lambda0, x[i] / n[i]);
        }
        if (!(lambda0 > 0)) throw new IllegalArgumentException("no positive throughput to fit");
        double[] best = null;
        double bestCost = Double.POSITIVE_INFINITY;
        for (double s0 : new double[]{0.01, 0.1, 0.5}) {
            for (double k0 : new double[]{0.0001, 0.001, 0.01}) {
                try {
                    LeastSquaresOptimizer.Optimum o = optimize(n, x, new double[]{lambda0, s0, k0});
                    if (o.getCost() < bestCost) {
                        bestCost = o.getCost();
                        best = o.getPoint().toArray();
                    }
                } catch (RuntimeException tooManyIterations) {
                    // another starting point may converge
                }
            }
        }
        if (best == null) throw new IllegalStateException("the USL fit did not converge from any starting point");
        double lambda = best[0], sigma = best[1], kappa = best[2];
        double mean = 0;
        for (double v : x) mean += v;
        mean /= x.length;
        double ssTot = 0, ssRes = 0;
        Result model = new Result(lambda, sigma, kappa, null, 0, 0, false, null);
        for (int i = 0; i < n.length; i++) {
            ssTot += (x[i] - mean) * (x[i] - mean);
            double r = x[i] - model.throughput(n[i]);
            ssRes += r * r;
        }
        double r2 = ssTot == 0 ? (ssRes == 0 ? 1 : 0) : 1 - ssRes / ssTot;
        Double peakN = kappa > 1e-12 ? Math.sqrt(Math.max(0, 1 - sigma) / kappa) : null;
        double peakX = peakN != null ? model.throughput(Math.max(1, peakN)) : sigma > 0 ? lambda / sigma : Double.POSITIVE_INFINITY;
        long distinct = java.util.Arrays.stream(n).distinct().count();
        String note = distinct < MIN_POINTS ? String.format(Locale.ROOT, "only %d concurrencies: three parameters need at least %d",
                distinct, MIN_POINTS)
                : r2 < MIN_R_SQUARED ? String.format(Locale.ROOT, "R² %.2f is below %.2f: the measured throughput does not follow the "
                + "model (noise, a changing bottleneck, or too short runs); do not extrapolate from it", r2, MIN_R_SQUARED) : null;
        return new Result(lambda, sigma, kappa, peakN, peakX, r2, note == null, note);
    }

    private static LeastSquaresOptimizer.Optimum optimize(double[] n, double[] x, double[] start) {
        MultivariateJacobianFunction model = p -> {
            double l = p.getEntry(0), s = p.getEntry(1), k = p.getEntry(2);
            RealVector value = new ArrayRealVector(n.length);
            RealMatrix jacobian = new Array2DRowRealMatrix(n.length, 3);
            for (int i = 0; i < n.length; i++) {
                double ni = n[i];
                double d = 1 + s * (ni - 1) + k * ni * (ni - 1);
                value.setEntry(i, l * ni / d);
                jacobian.setEntry(i, 0, ni / d);
                jacobian.setEntry(i, 1, -l * ni * (ni - 1) / (d * d));
                jacobian.setEntry(i, 2, -l * ni * ni * (ni - 1) / (d * d));
            }
            return new Pair<>(value, jacobian);
        };
        return new LevenbergMarquardtOptimizer().optimize(new LeastSquaresBuilder()
                .start(start)
                .model(model)
                .target(x)
                .parameterValidator(p -> {
                    RealVector v = p.copy();
                    v.setEntry(0, Math.max(1e-12, v.getEntry(0)));
                    v.setEntry(1, Math.min(1, Math.max(0, v.getEntry(1))));
                    v.setEntry(2, Math.max(0, v.getEntry(2)));
                    return v;
                })
                .maxEvaluations(10_000)
                .maxIterations(10_000)
                .build());
    }
}
