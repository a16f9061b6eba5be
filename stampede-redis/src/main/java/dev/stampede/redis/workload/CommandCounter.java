package dev.stampede.redis.workload;

import java.util.concurrent.atomic.LongAdder;

/**
 * The workload's own count of commands it sent to Redis in the recorded window, independent of the engine's attempt
 * counts, to hold against the server's total_commands_processed. Thread-safe.
 */
public final class CommandCounter {
    private final LongAdder sent = new LongAdder();
    private volatile boolean counting;

    /** Counts {@code n} commands when the recorded window is open. */
    public void add(int n) {
        if (counting) sent.add(n);
    }

    /** Opens the recorded window from zero. */
    public void start() {
        sent.reset();
        counting = true;
    }

    public void stop() { counting = false; }

    public long sent() { return sent.sum(); }
}
