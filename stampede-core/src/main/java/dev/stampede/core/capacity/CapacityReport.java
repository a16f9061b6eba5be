package dev.stampede.core.capacity;

import dev.stampede.core.report.ChartSource;

import java.util.ArrayList;
import java.util.List;

/**
 * A capacity search as report.json's {@code capacity} object (snake_case keys) and the HTML page's chart of latency
 * against offered rate. Immutable.
 *
 * @param status           found, at_ceiling, none_sustained, inconclusive_generator, stopped
 * @param sustainableRate  arrivals per second; null when the search gives no figure
 * @param bracket          [low, high] arrivals per second (either may be null)
 * @param firstFailingRate the lowest rate that failed on the target's account; null when none
 * @param reason           why it failed: p99, errors, dropped arrivals, pool exhaustion, unstable, generator-bound
 * @param summary          one sentence
 * @param targets          what a sustainable rate keeps
 * @param bottleneck       what limited the target at the failing probe; null when nothing failed
 * @param probes           every probe, in order
 */
public record CapacityReport(String status, Double sustainableRate, List<Double> bracket, Double firstFailingRate, String reason,
                             String summary, boolean confirmed, Targets targets, Bottleneck.Finding bottleneck,
                             List<Probe> probes) implements ChartSource {
    /** The chart's key in report.html. */
    public static final String CHART = "capacity-latency";

    public CapacityReport {
        bracket = java.util.Collections.unmodifiableList(new ArrayList<>(bracket));
        probes = List.copyOf(probes);
    }

    /** The targets, ms and percent (null: not set), and the precision. */
    public record Targets(Double p99Ms, Double errorRatePercent, double precisionPercent, double startRate, double maxRate,
                          double probeSeconds, double warmupSeconds, int confirmations) {
    }

    /** One probe's row. Rates per second, latencies ms. */
    public record Probe(double rate, String purpose, double measuredSeconds, long attempts, long errors, double errorPercent,
                        double achievedRate, double p50Ms, double p95Ms, double p99Ms, double maxMs, long droppedArrivals,
                        double startLagP99Ms, double acquireP99Ms, double executionP99Ms, boolean latencyRising, String verdict,
                        String detail) {
    }

    /** The report of a finished search, {@code bottleneck} as found at its failing probe (or null). */
    public static CapacityReport of(CapacityOutcome o, CapacitySettings s, Bottleneck.Finding bottleneck) {
        List<Probe> rows = new ArrayList<>();
        for (CapacitySearch.Step st : o.steps()) {
            ProbeResult r = st.result();
            rows.add(new Probe(r.rate(), st.purpose().name().toLowerCase(java.util.Locale.ROOT), r.measuredSeconds(), r.attempts(),
                    r.errors(), r.errorPercent(), r.achievedRate(), r.p50Ms(), r.p95Ms(), r.p99Ms(), r.maxMs(), r.droppedArrivals(),
                    r.startLagP99Ms(), r.acquireP99Ms(), r.executionP99Ms(), r.trend().rising(), st.verdict().label(),
                    st.verdict().detail()));
        }
        List<Double> bracket = new ArrayList<>();
        bracket.add(o.bracketLow());
        bracket.add(o.bracketHigh());
        return new CapacityReport(o.status().name().toLowerCase(java.util.Locale.ROOT), o.sustainableRate(), bracket,
                o.firstFailingRate(), o.reason(), o.summary(), o.confirmed(),
                new Targets(s.p99Ms(), s.errorRatePercent(), s.precisionPercent(), s.startRate(), s.maxRate(),
                        s.probe().toMillis() / 1000.0, s.warmup().toMillis() / 1000.0, s.confirmations()),
                bottleneck, rows);
    }

    /** Latency (p50, p95, p99) and the p99 target against the offered rate, one point per rate (its last probe). */
    @Override
    public List<XyChart> charts() {
        java.util.TreeMap<Double, Probe> byRate = new java.util.TreeMap<>();
        for (Probe p : probes) byRate.put(p.rate(), p);
        if (byRate.isEmpty()) return List.of();
        int n = byRate.size();
        double[] x = new double[n], p50 = new double[n], p95 = new double[n], p99 = new double[n], target = new double[n];
        int i = 0;
        for (Probe p : byRate.values()) {
            x[i] = p.rate();
            p50[i] = p.p50Ms();
            p95[i] = p.p95Ms();
            p99[i] = p.p99Ms();
            target[i] = targets.p99Ms() == null ? Double.NaN : targets.p99Ms();
            i++;
        }
        List<String> labels = new ArrayList<>(List.of("p50", "p95", "p99"));
        List<double[]> ys = new ArrayList<>(List.of(p50, p95, p99));
        if (targets.p99Ms() != null) {
            labels.add("p99 target");
            ys.add(target);
        }
        return List.of(new XyChart(CHART, "Latency against offered rate (the knee)", "offered rate (arrivals/s)", "ms", x, labels, ys,
                true, true));
    }
}
