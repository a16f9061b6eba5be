package dev.stampede.core.capacity;

import dev.stampede.core.report.ChartSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * A closed-model concurrency sweep and its Universal Scalability Law fit, as report.json's {@code scaling} object
 * (on the sweep's largest scenario) and report.html's chart of measured against modelled throughput. Immutable.
 *
 * @param sweep   the scenarios' shared name before {@code -cN}
 * @param points  the measured throughput per concurrency
 * @param fit     the fitted model; null when it could not be fitted
 * @param summary one sentence: the parameters, the peak, and whether to trust it
 */
public record ScalingReport(String sweep, List<Point> points, UslFit.Result fit, String summary) implements ChartSource {
    /** The chart's key in report.html. */
    public static final String CHART = "usl-throughput";

    public ScalingReport {
        points = List.copyOf(points);
    }

    /** One scenario of the sweep: its concurrency (users) and measured throughput (successful attempts per second). */
    public record Point(String scenario, int concurrency, double throughput) {
    }

    /** Fits {@code points} (at least three) and writes the summary. */
    public static ScalingReport of(String sweep, List<Point> points) {
        double[] n = new double[points.size()], x = new double[points.size()];
        for (int i = 0; i < points.size(); i++) {
            n[i] = points.get(i).concurrency();
            x[i] = points.get(i).throughput();
        }
        UslFit.Result fit;
        try {
            fit = UslFit.fit(n, x);
        } catch (RuntimeException e) {
            return new ScalingReport(sweep, points, null, "no USL fit for " + sweep + ": " + e.getMessage());
        }
        String peak = fit.peakConcurrency() == null
                ? "no peak (coherency 0): throughput levels off towards " + (Double.isInfinite(fit.peakThroughput()) ? "no limit"
                : String.format(Locale.ROOT, "%.1f/s", fit.peakThroughput()))
                : String.format(Locale.ROOT, "peak %.1f/s at N* = %.1f users", fit.peakThroughput(), fit.peakConcurrency());
        String summary = String.format(Locale.ROOT, "USL fit of %s over %d concurrencies: contention σ = %.4f, coherency κ = %.6f, "
                        + "one user %.1f/s, %s; R² = %.3f%s", sweep, points.size(), fit.sigma(), fit.kappa(), fit.lambda(), peak, fit.rSquared(),
                fit.trustworthy() ? "" : ". Too poor to trust: " + fit.note());
        return new ScalingReport(sweep, points, fit, summary);
    }

    /** Measured throughput (points) and the model's curve over concurrency, up to 1.5 times the largest measured. */
    @Override
    public List<XyChart> charts() {
        TreeSet<Double> xs = new TreeSet<>();
        int max = 1;
        for (Point p : points) {
            xs.add((double) p.concurrency());
            max = Math.max(max, p.concurrency());
        }
        if (fit != null) for (int i = 1; i <= (int) Math.ceil(max * 1.5); i++) xs.add((double) i);
        double[] x = xs.stream().mapToDouble(Double::doubleValue).toArray();
        double[] measured = new double[x.length], modelled = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            measured[i] = Double.NaN;
            for (Point p : points) if (p.concurrency() == x[i]) measured[i] = p.throughput();
            modelled[i] = fit == null ? Double.NaN : fit.throughput(x[i]);
        }
        List<String> labels = new ArrayList<>(List.of("measured"));
        List<double[]> ys = new ArrayList<>(List.of(measured));
        if (fit != null) {
            labels.add(fit.trustworthy() ? "USL model" : "USL model (poor fit)");
            ys.add(modelled);
        }
        return List.of(new XyChart(CHART, "Throughput against concurrency: measured and the USL model", "concurrency (users)",
                "ops/s", x, labels, ys, false, true));
    }
}
