package dev.stampede.core.resilience;

import dev.stampede.core.api.Operation;
import dev.stampede.core.api.Workload;
import dev.stampede.core.engine.NanoClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A workload whose operations each run under the scenario's {@link ResiliencePolicy}: same names, same choice of the
 * next operation, one breaker shared by all of them. The engine times and counts each logical request once; the
 * physical attempts, backoffs and the breaker's timeline go to {@link #stats()}. Because a retry waits on the
 * calling thread, the wrapped operations are blocking ones even when the workload's own are asynchronous: the
 * engine then runs the scenario on threads. Thread-safe.
 */
public final class ResilientWorkload implements Workload {
    private final Workload delegate;
    private final List<Operation> operations;
    private final ResilienceStats stats;
    private final CircuitBreaker breaker;

    public ResilientWorkload(Workload delegate, ResiliencePolicy policy, NanoClock clock) {
        this.delegate = delegate;
        this.stats = new ResilienceStats(policy.maxRetries());
        this.breaker = policy.breaker() == null ? null : policy.breaker().build(delegate.name(), clock, stats);
        List<Operation> ops = new ArrayList<>();
        for (Operation op : delegate.operations()) ops.add(new ResilientOperation(op, policy.retry(), breaker, clock, stats));
        this.operations = List.copyOf(ops);
    }

    @Override public String name() { return delegate.name(); }

    @Override public List<Operation> operations() { return operations; }

    @Override public int pick(SplittableRandom random) { return delegate.pick(random); }

    /** What the policy did during the scenario. */
    public ResilienceStats stats() { return stats; }

    /** The breaker, or null without one. */
    public CircuitBreaker breaker() { return breaker; }
}
