package dev.stampede.redis.workload;

import io.lettuce.core.api.StatefulConnection;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scenario's Lettuce connections, shared by its virtual users: each user has the connection of its number
 * ({@link #get(dev.stampede.core.api.OperationContext)}), so with as many connections as users each connection carries
 * one user's commands (as redis-benchmark's clients do) and with fewer they are multiplexed evenly. Thread-safe.
 */
public final class Connections implements AutoCloseable {
    private final List<StatefulConnection<String, String>> all;
    private final AtomicInteger next = new AtomicInteger();
    private final ThreadLocal<StatefulConnection<String, String>> mine;

    public Connections(List<StatefulConnection<String, String>> all) {
        if (all.isEmpty()) throw new IllegalArgumentException("no connections");
        this.all = List.copyOf(all);
        this.mine = ThreadLocal.withInitial(() -> this.all.get(Math.floorMod(next.getAndIncrement(), this.all.size())));
    }

    /** This thread's connection (for a caller outside the engine's users, such as the cache warm-up). */
    public StatefulConnection<String, String> get() { return mine.get(); }

    /**
     * The connection of the user whose context this is: number {@code user mod size}, so with as many connections as
     * users each user has its own, and with fewer they share evenly. The same for a user on its own thread and for
     * an asynchronous user, which has none.
     */
    public StatefulConnection<String, String> get(dev.stampede.core.api.OperationContext ctx) {
        return all.get(ctx.user() % all.size());
    }

    public int size() { return all.size(); }

    /** Closes every connection; attempts blocked on one fail at once. Idempotent, any thread. */
    @Override
    public void close() {
        for (StatefulConnection<String, String> c : all) {
            try {
                c.close();
            } catch (RuntimeException ignored) {
                // already closed or broken; nothing else to release
            }
        }
    }
}
