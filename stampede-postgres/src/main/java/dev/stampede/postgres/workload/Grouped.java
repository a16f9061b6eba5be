package dev.stampede.postgres.workload;

import dev.stampede.core.workload.WeightedWorkload;

import java.util.List;

/**
 * A workload operation with the group it belongs to ("read", "crud", "pagination"...), so that a
 * scenario can run a subset by operation or group name.
 */
public record Grouped(String group, WeightedWorkload.Entry entry) {

    /**
     * Weights reads and writes so that {@code readRatio} of attempts are reads; within each list the
     * entries keep their relative weights. Groups are kept.
     */
    public static List<Grouped> mix(List<Grouped> reads, List<Grouped> writes, double readRatio) {
        List<Grouped> out = new java.util.ArrayList<>();
        scale(reads, readRatio, out);
        scale(writes, 1 - readRatio, out);
        return out;
    }

    private static void scale(List<Grouped> list, double share, List<Grouped> out) {
        double total = list.stream().mapToDouble(g -> g.entry().weight()).sum();
        for (Grouped g : list) {
            out.add(new Grouped(g.group(), new WeightedWorkload.Entry(g.entry().operation(), share * g.entry().weight() / total)));
        }
    }

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
