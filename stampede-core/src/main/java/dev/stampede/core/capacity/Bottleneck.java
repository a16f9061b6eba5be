package dev.stampede.core.capacity;

import dev.stampede.core.engine.MonitorSeries;
import dev.stampede.core.engine.ScenarioRun;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Names what limited the target at the failing probe, from what the engine and the monitors saw there, and the
 * advice that follows. Generic: it reads the timing split every attempt has (start lag, pool wait, execution), the
 * host monitor, and every monitor's gauges by the naming convention monitors follow: a gauge whose name contains
 * {@code lock} or {@code blocked} counts sessions or seconds waiting on locks, one containing {@code wait} anything
 * waiting (pool.waiting, pg_activity.waiting_Lock). Checked in this order, the first that applies is the bottleneck and
 * the rest are listed as further evidence:
 * <ol>
 *   <li>the generator (its verdict said so);</li>
 *   <li>pool wait: the pool's acquire p99 is at least {@value #POOL_SHARE} of the latency p99;</li>
 *   <li>lock wait: a lock gauge was above zero on average over the probe;</li>
 *   <li>the generator host's CPU at or above {@value #CPU_BUSY} % (a server beside the generator competes for it);</li>
 *   <li>the target's own time: execution p99 at least twice what it was at the lowest rate probed;</li>
 *   <li>otherwise queueing alone: latency grew with no wait the monitors can name.</li>
 * </ol>
 * Stateless.
 */
public final class Bottleneck {
    /** Pool wait's share of the p99 latency from which the pool is the bottleneck. */
    public static final double POOL_SHARE = 0.3;
    /** Host CPU busy percent from which the host's CPU is named. */
    public static final double CPU_BUSY = 90.0;

    /**
     * What limited the target.
     *
     * @param name     pool wait, lock wait, generator, host CPU, target time, queueing
     * @param evidence the figures
     * @param advice   what to do about it
     * @param others   further evidence seen at the same probe
     */
    public record Finding(String name, String evidence, String advice, List<String> others) {
        public Finding {
            others = List.copyOf(others);
        }
    }

    private Bottleneck() {
    }

    /**
     * The bottleneck at {@code failing} (its result and the engine's run), against {@code lowest}, the first probe.
     */
    public static Finding at(ProbeResult failing, ProbeVerdict verdict, ScenarioRun run, ProbeResult lowest) {
        List<String[]> found = new ArrayList<>();   // name, evidence, advice
        if (verdict.kind() == ProbeVerdict.Kind.GENERATOR_BOUND) {
            found.add(new String[]{"generator", verdict.detail(), "give the generator more CPU or a larger in-flight limit "
                    + "(--connections) and search again; a second generator host splits the load"});
        }
        if (failing.p99Ms() > 0 && failing.acquireP99Ms() >= POOL_SHARE * failing.p99Ms()) {
            found.add(new String[]{"pool wait", f("connection acquire p99 %.1f ms of the %.1f ms latency p99%s", failing.acquireP99Ms(),
                    failing.p99Ms(), gauges(run, "wait")), "the pool's connections are all busy: raise the pool size "
                    + "(database.pool_size) if the database has CPU and connection slots to spare, or make each attempt "
                    + "hold its connection for less time"});
        }
        String locks = gauges(run, "lock", "blocked");
        if (!locks.isEmpty()) {
            found.add(new String[]{"lock wait", "sessions waited on locks" + locks, "attempts queue on the same locks: shorten "
                    + "the transactions that hold them, spread hot keys, or take the lock later in the transaction; the target's "
                    + "section lists who blocked whom"});
        }
        Double cpu = mean(run, "host", "cpu_busy_percent");
        if (cpu != null && cpu >= CPU_BUSY) {
            found.add(new String[]{"host CPU", f("the generator host's CPU was %.0f %% busy on average", cpu), "the host is out of CPU: "
                    + "if the server runs beside the generator they compete; run them on separate hosts to measure the server alone"});
        }
        if (lowest != null && lowest.executionP99Ms() > 0 && failing.executionP99Ms() >= 2 * lowest.executionP99Ms()) {
            found.add(new String[]{"target time", f("execution p99 %.1f ms at %s/s against %.1f ms at %s/s", failing.executionP99Ms(),
                    ProbePlan.rate(failing.rate()), lowest.executionP99Ms(), ProbePlan.rate(lowest.rate())), "the target itself slows "
                    + "down with load: look at its own section (database CPU, I/O, slow statements) for what it spends the time on"});
        }
        if (found.isEmpty()) {
            found.add(new String[]{"queueing", f("latency p99 %.1f ms (execution p99 %.1f ms, pool wait p99 %.1f ms, start lag p99 "
                            + "%.1f ms) with no wait the monitors name", failing.p99Ms(), failing.executionP99Ms(), failing.acquireP99Ms(),
                    failing.startLagP99Ms()), "the offered rate exceeds what the target serves: add capacity or reduce the work "
                    + "per attempt; enable the target's monitors to see where the time goes"});
        }
        List<String> others = new ArrayList<>();
        for (int i = 1; i < found.size(); i++) others.add(found.get(i)[0] + ": " + found.get(i)[1]);
        return new Finding(found.get(0)[0], found.get(0)[1], found.get(0)[2], others);
    }

    /** "; monitor.gauge mean M, max X" for every gauge whose name contains one of {@code parts} with a positive mean. */
    private static String gauges(ScenarioRun run, String... parts) {
        StringBuilder b = new StringBuilder();
        List<MonitorSeries> series = new ArrayList<>(run.monitors());
        series.sort(Comparator.comparing(MonitorSeries::monitor));
        for (MonitorSeries s : series) {
            if (s.points().isEmpty()) continue;
            for (String key : s.points().get(s.points().size() - 1).values().keySet()) {
                if (s.counters().contains(key) || !matches(key, parts)) continue;
                Double m = mean(run, s.monitor(), key);
                if (m == null || !(m > 0)) continue;
                double max = 0;
                for (MonitorSeries.Point p : s.points()) max = Math.max(max, p.values().getOrDefault(key, 0.0));
                b.append(f("; %s.%s mean %.2f, max %.2f", s.monitor(), key, m, max));
            }
        }
        return b.toString();
    }

    private static boolean matches(String key, String... parts) {
        String k = key.toLowerCase(Locale.ROOT);
        for (String p : parts) if (k.contains(p)) return true;
        return false;
    }

    /** The mean of {@code monitor.key} over the probe's samples; null when never read. */
    private static Double mean(ScenarioRun run, String monitor, String key) {
        for (MonitorSeries s : run.monitors()) {
            if (!monitor.equals(s.monitor())) continue;
            double sum = 0;
            int n = 0;
            for (MonitorSeries.Point p : s.points()) {
                Map<String, Double> v = p.values();
                Double x = v.get(key);
                if (x != null && !x.isNaN()) {
                    sum += x;
                    n++;
                }
            }
            return n == 0 ? null : sum / n;
        }
        return null;
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
