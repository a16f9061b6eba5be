package dev.stampede.core.gen;

import java.util.SplittableRandom;

/**
 * Zipf-distributed integers in {@code [1, n]}: rank k has probability proportional to {@code 1 / k^s}.
 * Uses rejection-inversion sampling (Hörmann and Derflinger, 1996), so set-up is O(1) whatever
 * {@code n} is, unlike YCSB's zeta-sum generator that walks all n ranks first. Immutable and
 * thread-safe; the caller supplies the random source.
 */
public final class ZipfianGenerator {
    private final long n;
    private final double s;
    private final double hIntegralX1;
    private final double hIntegralN;
    private final double threshold;

    /**
     * @param n number of ranks, at least 1
     * @param s exponent, positive (0.99 is YCSB's default skew)
     */
    public ZipfianGenerator(long n, double s) {
        if (n < 1) throw new IllegalArgumentException("n must be at least 1, got " + n);
        if (!(s > 0)) throw new IllegalArgumentException("exponent must be positive, got " + s);
        this.n = n;
        this.s = s;
        this.hIntegralX1 = hIntegral(1.5) - 1.0;
        this.hIntegralN = hIntegral(n + 0.5);
        this.threshold = 2.0 - hIntegralInverse(hIntegral(2.5) - h(2.0));
    }

    /** A rank in {@code [1, n]}, 1 being the most frequent. */
    public long next(SplittableRandom random) {
        while (true) {
            double u = hIntegralN + random.nextDouble() * (hIntegralX1 - hIntegralN);
            double x = hIntegralInverse(u);
            long k = (long) (x + 0.5);
            if (k < 1) k = 1;
            else if (k > n) k = n;
            if (k - x <= threshold || u >= hIntegral(k + 0.5) - h(k)) return k;
        }
    }

    private double h(double x) {
        return Math.exp(-s * Math.log(x));
    }

    /** Integral of h from 1 to x, shifted; well-conditioned near s = 1. */
    private double hIntegral(double x) {
        double logX = Math.log(x);
        return helper2((1.0 - s) * logX) * logX;
    }

    private double hIntegralInverse(double x) {
        double t = x * (1.0 - s);
        if (t < -1.0) t = -1.0;
        return Math.exp(helper1(t) * x);
    }

    /** log1p(x) / x, continuous at 0. */
    private static double helper1(double x) {
        return Math.abs(x) > 1e-8 ? Math.log1p(x) / x : 1.0 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x));
    }

    /** expm1(x) / x, continuous at 0. */
    private static double helper2(double x) {
        return Math.abs(x) > 1e-8 ? Math.expm1(x) / x : 1.0 + x * 0.5 * (1.0 + x * (1.0 / 3.0) * (1.0 + 0.25 * x));
    }
}
