package dev.stampede.core.workload;

import dev.stampede.core.api.Operation;
import dev.stampede.core.api.Workload;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A workload that picks operations at random by weight. Immutable and thread-safe; {@link #pick} is a
 * binary search over cumulative weights, allocation-free.
 */
public final class WeightedWorkload implements Workload {
    private final String name;
    private final List<Operation> operations;
    private final double[] cumulative;

    /** One operation and its relative weight (weights need not sum to 1; zero removes it). */
    public record Entry(Operation operation, double weight) {
    }

    public WeightedWorkload(String name, List<Entry> entries) {
        this.name = name;
        List<Operation> ops = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (Entry e : entries) {
            if (e.weight() < 0) throw new IllegalArgumentException("weight of " + e.operation().name() + " is negative");
            if (e.weight() > 0) {
                ops.add(e.operation());
                weights.add(e.weight());
            }
        }
        if (ops.isEmpty()) throw new IllegalArgumentException("workload '" + name + "' has no operation with a positive weight");
        this.operations = List.copyOf(ops);
        this.cumulative = new double[ops.size()];
        double total = weights.stream().mapToDouble(Double::doubleValue).sum();
        double acc = 0;
        for (int i = 0; i < cumulative.length; i++) {
            acc += weights.get(i) / total;
            cumulative[i] = acc;
        }
        cumulative[cumulative.length - 1] = 1.0;
    }

    @Override public String name() { return name; }

    @Override public List<Operation> operations() { return operations; }

    @Override
    public int pick(SplittableRandom random) {
        if (cumulative.length == 1) return 0;
        int i = Arrays.binarySearch(cumulative, random.nextDouble());
        return i >= 0 ? Math.min(i + 1, cumulative.length - 1) : -i - 1;
    }
}
