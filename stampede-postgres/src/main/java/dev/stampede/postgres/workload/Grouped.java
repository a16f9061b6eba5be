package dev.stampede.postgres.workload;

import dev.stampede.core.workload.WeightedWorkload;

import java.util.List;

/**
 * A workload operation with the group it belongs to ("read", "crud", "pagination"...), so that a
 * scenario can run a subset by operation or group name.
 */
public record Grouped(String group, WeightedWorkload.Entry entry) {

    /** Keeps the entries whose operation name or group is in {@code names}; all of them when it is empty. */
    public static List<WeightedWorkload.Entry> select(List<Grouped> all, List<String> names) {
        if (names.isEmpty()) return all.stream().map(Grouped::entry).toList();
        List<WeightedWorkload.Entry> out = all.stream()
                .filter(g -> names.contains(g.group()) || names.contains(g.entry().operation().name()))
                .map(Grouped::entry).toList();
        if (out.isEmpty()) {
            throw new dev.stampede.core.config.ConfigException("no operation matches " + names + "; this workload has "
                    + all.stream().map(g -> g.group() + "/" + g.entry().operation().name()).toList());
        }
        return out;
    }
}
