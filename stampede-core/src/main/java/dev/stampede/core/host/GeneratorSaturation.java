package dev.stampede.core.host;

import dev.stampede.core.engine.MonitorSeries;
import dev.stampede.core.verdict.MetricVerdict;
import dev.stampede.core.verdict.Status;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether the load generator itself ran short of CPU, so that its result is its own limit and not the server's. A
 * second (one sample of the generator monitor) counts as saturated when the generator JVM uses at least
 * {@value #OWN_PERCENT} % of all the host's cores ({@code generator.process_cpu_percent}) and the host has no idle CPU
 * left ({@code machine_cpu_percent} at or above {@value #HOST_PERCENT} %), or the generator alone is at
 * {@value #HOST_PERCENT} %. The scenario is flagged when at least half of its seconds after the first are saturated. A busy host whose CPU goes
 * to other processes (a server beside the generator, other jobs) while Stampede itself keeps up is not this flag: the
 * host monitor's {@code cpu_busy_percent} and {@code cpu_steal_percent} show that contention. Stateless.
 */
public final class GeneratorSaturation {
    /** The generator's own share of all cores from which a second on a full host counts as saturated. */
    public static final double OWN_PERCENT = 40.0;
    /** Host (or generator) CPU, percent of all cores, that leaves the generator nothing more to take. */
    public static final double HOST_PERCENT = 90.0;

    private GeneratorSaturation() {
    }

    /** A warning verdict when the generator was saturated; empty otherwise (and without the generator's series). */
    public static Optional<MetricVerdict> check(List<MonitorSeries> monitors, int cores) {
        for (MonitorSeries s : monitors) {
            if (!"generator".equals(s.monitor())) continue;
            List<MonitorSeries.Point> all = s.points();
            if (all.size() < 3) return Optional.empty();
            int n = 0;
            long busy = 0;
            double sum = 0;
            for (int i = 1; i < all.size(); i++) {
                MonitorSeries.Point p = all.get(i);
                Double own = p.values().get("process_cpu_percent");
                if (own == null) continue;
                n++;
                sum += own;
                Double host = p.values().get("machine_cpu_percent");
                boolean full = own >= OWN_PERCENT && (own >= HOST_PERCENT || (host != null && host >= HOST_PERCENT));
                if (full) busy++;
            }
            if (n < 2 || busy * 2 < n) return Optional.empty();
            double mean = sum / n;
            return Optional.of(new MetricVerdict("generator_cpu_saturated", "Load generator CPU", mean, "%", OWN_PERCENT, "<",
                    Status.WARNING, null, String.format(Locale.ROOT, "the load generator's own CPU was saturated (%d of %d seconds with "
                            + "Stampede using at least %.0f %% of the host's %d cores and no CPU left; mean %.0f %%): throughput and latency here are likely the generator's "
                            + "limit, not the server's; give the generator more CPU or fewer users and run again",
                    busy, n, OWN_PERCENT, cores, mean)));
        }
        return Optional.empty();
    }
}
