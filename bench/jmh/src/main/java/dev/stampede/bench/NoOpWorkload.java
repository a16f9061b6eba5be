package dev.stampede.bench;

import dev.stampede.core.api.Operation;
import dev.stampede.core.api.OperationContext;
import dev.stampede.core.api.Outcome;
import dev.stampede.core.api.Workload;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A workload whose one operation does no work: it marks its "connection" as acquired (so the engine
 * records acquire and execution time as it does for a pooled SQL operation) and returns
 * {@link Outcome#OK}. What a benchmark measures with it is the engine's own cost per attempt.
 * Thread-safe (stateless).
 */
public final class NoOpWorkload implements Workload {
    private final List<Operation> operations = List.of(new Operation() {
        @Override public String name() { return "noop"; }

        @Override public Outcome call(OperationContext context) {
            context.markAcquired();
            return Outcome.OK;
        }
    });

    @Override public String name() { return "noop"; }

    @Override public List<Operation> operations() { return operations; }

    @Override public int pick(SplittableRandom random) { return 0; }
}
