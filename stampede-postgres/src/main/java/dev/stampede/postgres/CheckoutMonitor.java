package dev.stampede.postgres;

import dev.stampede.core.api.Monitor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@link Checkouts} each interval: connections checked out now ({@code out}), of them out longer than the threshold
 * ({@code over_threshold}), the longest current checkout ({@code longest_s}) and long checkouts so far
 * ({@code long_checkouts}, a counter). Sampler thread only.
 */
final class CheckoutMonitor implements Monitor {
    private final Checkouts checkouts;

    CheckoutMonitor(Checkouts checkouts) {
        this.checkouts = checkouts;
    }

    @Override public String name() { return "checkouts"; }

    @Override
    public Map<String, Double> sample() {
        Checkouts.Sweep s = checkouts.sweep();
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("out", (double) s.out());
        m.put("over_threshold", (double) s.overThreshold());
        m.put("longest_s", s.longestSeconds());
        m.put("long_checkouts", (double) s.longCheckouts());
        return m;
    }

    @Override public Set<String> counters() { return Set.of("long_checkouts"); }
}
