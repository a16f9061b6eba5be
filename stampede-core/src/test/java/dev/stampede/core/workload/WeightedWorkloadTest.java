package dev.stampede.core.workload;

import dev.stampede.core.api.Operation;
import dev.stampede.core.api.Outcome;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class WeightedWorkloadTest {
    private static Operation op(String name) {
        return new Operation() {
            @Override public String name() { return name; }
            @Override public Outcome call(dev.stampede.core.api.OperationContext c) { return Outcome.OK; }
        };
    }

    @Test
    void picksInProportionToWeightAndDropsZeroWeights() {
        WeightedWorkload w = new WeightedWorkload("w", List.of(new WeightedWorkload.Entry(op("a"), 7),
                new WeightedWorkload.Entry(op("b"), 3), new WeightedWorkload.Entry(op("zero"), 0)));
        assertThat(w.operations()).extracting(Operation::name).containsExactly("a", "b");
        SplittableRandom r = new SplittableRandom(7);
        int a = 0, n = 100_000;
        for (int i = 0; i < n; i++) if (w.pick(r) == 0) a++;
        assertThat((double) a / n).isCloseTo(0.7, within(0.01));
    }

    @Test
    void refusesAnEmptyMix() {
        assertThatThrownBy(() -> new WeightedWorkload("w", List.of(new WeightedWorkload.Entry(op("a"), 0))))
                .hasMessageContaining("no operation with a positive weight");
    }
}
