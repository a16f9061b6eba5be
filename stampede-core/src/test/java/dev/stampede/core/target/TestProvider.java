package dev.stampede.core.target;

import dev.stampede.core.config.ConfigSection;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A minimal provider for binder tests: section {@code memory}, one workload type, one env name. */
public final class TestProvider implements TargetProvider {
    public record Settings(String url, int size) implements TargetSettings {
        @Override public boolean configured() { return url != null; }
        @Override public Map<String, Object> echo() { return Map.of("url", String.valueOf(url), "size", size); }
    }

    @Override public String name() { return "memory"; }
    @Override public String section() { return "memory"; }
    @Override public String description() { return "an in-process test target"; }
    @Override public Map<String, String> environment() { return Map.of("MEMORY_URL", "url"); }

    @Override
    public TargetSettings bind(ConfigSection s) {
        s.allowOnly(Set.of("url", "size"));
        return new Settings(s.string("url", null), s.integer("size", 3, 1, 100));
    }

    @Override public String defaultWorkload() { return "tick"; }
    @Override public List<WorkloadType> workloads() { return List.of(new WorkloadType("tick", "counts")); }
    @Override public Set<String> thresholdKeys() { return Set.of("max_ticks"); }
    @Override public Target open(TargetSettings settings, SessionContext context) { throw new UnsupportedOperationException("binder tests only"); }
    @Override public int clean(TargetSettings settings, PrintWriter out) { return 0; }
}
