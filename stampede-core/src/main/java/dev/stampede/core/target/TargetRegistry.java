package dev.stampede.core.target;

import dev.stampede.core.config.ConfigException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The targets this build knows: every {@link TargetProvider} on the classpath, found with {@link ServiceLoader},
 * in a stable order (by name). Immutable and thread-safe.
 */
public final class TargetRegistry {
    private final List<TargetProvider> providers;
    private final Map<String, TargetProvider> byWorkload = new LinkedHashMap<>();
    private final Map<String, WorkloadType> workloads = new LinkedHashMap<>();

    public TargetRegistry(List<TargetProvider> providers) {
        List<TargetProvider> sorted = new ArrayList<>(providers);
        sorted.sort(java.util.Comparator.comparing(TargetProvider::name));
        this.providers = List.copyOf(sorted);
        Map<String, String> sections = new LinkedHashMap<>();
        for (TargetProvider p : this.providers) {
            String other = sections.putIfAbsent(p.section(), p.name());
            if (other != null) {
                throw new IllegalStateException("targets '" + other + "' and '" + p.name() + "' both claim the config section '"
                        + p.section() + "'; remove one of their jars from the classpath");
            }
            for (WorkloadType w : p.workloads()) {
                TargetProvider before = byWorkload.putIfAbsent(w.name(), p);
                if (before != null) {
                    throw new IllegalStateException("targets '" + before.name() + "' and '" + p.name()
                            + "' both offer the workload type '" + w.name() + "'");
                }
                workloads.put(w.name(), w);
            }
        }
    }

    /** Every provider on the classpath of this class's loader. */
    public static TargetRegistry discover() {
        List<TargetProvider> found = new ArrayList<>();
        ServiceLoader.load(TargetProvider.class, TargetRegistry.class.getClassLoader()).forEach(found::add);
        return new TargetRegistry(found);
    }

    public List<TargetProvider> providers() { return providers; }

    /** Every workload type by name, in provider then listing order. */
    public Map<String, WorkloadType> workloads() { return Collections.unmodifiableMap(workloads); }

    /** The provider that runs {@code workloadType}, if any. */
    public Optional<TargetProvider> ownerOf(String workloadType) {
        return Optional.ofNullable(byWorkload.get(workloadType));
    }

    /** The provider reading config section {@code section}, if any. */
    public Optional<TargetProvider> bySection(String section) {
        return providers.stream().filter(p -> p.section().equals(section)).findFirst();
    }

    public Optional<TargetProvider> byName(String name) {
        return providers.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The provider for {@code workloadType}; a clear error naming the known types when none runs it. */
    public TargetProvider requireOwner(String workloadType, String origin) {
        return ownerOf(workloadType).orElseThrow(() -> new ConfigException("workload type '" + workloadType + "' (from " + origin
                + ") is not offered by any target in this build; known types: " + String.join(", ", workloads.keySet())));
    }

    /** The default workload type: the first provider's {@link TargetProvider#defaultWorkload()} that is set. */
    public String defaultWorkload() {
        for (TargetProvider p : providers) {
            if (p.defaultWorkload() != null) return p.defaultWorkload();
        }
        return workloads.isEmpty() ? null : workloads.keySet().iterator().next();
    }
}
