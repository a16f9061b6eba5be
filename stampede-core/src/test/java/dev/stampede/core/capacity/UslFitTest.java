package dev.stampede.core.capacity;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class UslFitTest {

    private static double usl(double lambda, double sigma, double kappa, double n) {
        return lambda * n / (1 + sigma * (n - 1) + kappa * n * (n - 1));
    }

    @Test
    void recoversKnownContentionAndCoherencyWithinTenPercentFromANoisyCurve() {
        double lambda = 120, sigma = 0.05, kappa = 0.002;
        double[] n = {1, 2, 4, 8, 16, 24, 32, 48, 64};
        double[] x = new double[n.length];
        SplittableRandom noise = new SplittableRandom(7);
        for (int i = 0; i < n.length; i++) x[i] = usl(lambda, sigma, kappa, n[i]) * (1 + (noise.nextDouble() - 0.5) * 0.01);
        UslFit.Result r = UslFit.fit(n, x);
        assertThat(r.sigma()).isCloseTo(sigma, within(sigma * 0.1));
        assertThat(r.kappa()).isCloseTo(kappa, within(kappa * 0.1));
        assertThat(r.lambda()).isCloseTo(lambda, within(lambda * 0.05));
        double peakN = Math.sqrt((1 - sigma) / kappa);
        assertThat(r.peakConcurrency()).isCloseTo(peakN, within(peakN * 0.1));
        assertThat(r.peakThroughput()).isCloseTo(usl(lambda, sigma, kappa, peakN), within(usl(lambda, sigma, kappa, peakN) * 0.05));
        assertThat(r.rSquared()).isGreaterThan(0.99);
        assertThat(r.trustworthy()).isTrue();
        assertThat(r.note()).isNull();
    }

    @Test
    void recoversTheQuerySuitesFourPointSweepExactly() {
        double lambda = 800, sigma = 0.12, kappa = 0.004;
        double[] n = {1, 5, 10, 20};
        double[] x = new double[n.length];
        for (int i = 0; i < n.length; i++) x[i] = usl(lambda, sigma, kappa, n[i]);
        UslFit.Result r = UslFit.fit(n, x);
        assertThat(r.sigma()).isCloseTo(sigma, within(sigma * 0.1));
        assertThat(r.kappa()).isCloseTo(kappa, within(kappa * 0.1));
        assertThat(r.trustworthy()).isTrue();
    }

    @Test
    void linearScalingHasNoPeakAndZeroCoherency() {
        double[] n = {1, 2, 4, 8, 16};
        double[] x = {100, 200, 400, 800, 1600};
        UslFit.Result r = UslFit.fit(n, x);
        assertThat(r.sigma()).isCloseTo(0, within(1e-3));
        assertThat(r.kappa()).isCloseTo(0, within(1e-5));
        assertThat(r.throughput(32)).isCloseTo(3200, within(40.0));
    }

    @Test
    void saysWhenTheFitIsTooPoorToTrust() {
        double[] n = {1, 5, 10, 20};
        double[] x = {100, 20, 400, 30};   // no scaling law explains this
        UslFit.Result r = UslFit.fit(n, x);
        assertThat(r.trustworthy()).isFalse();
        assertThat(r.note()).contains("R²").contains("do not extrapolate");
    }

    @Test
    void threeConcurrenciesAreTooFewToTrust() {
        double[] n = {1, 5, 10};
        double[] x = {100, 450, 800};
        UslFit.Result r = UslFit.fit(n, x);
        assertThat(r.trustworthy()).isFalse();
        assertThat(r.note()).contains("only 3 concurrencies");
    }
}
