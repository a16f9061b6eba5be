package dev.stampede.postgres;

import dev.stampede.core.engine.NanoClock;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Stampede's own count of pooled connections checked out longer than a threshold, with the operation that took them:
 * HikariCP's leak detection only logs a stack trace, this counts and names. Two kinds of checkout are tracked:
 *
 * <ul>
 *   <li>an <b>attempt's</b> connection, from {@link UserConnections#take} to {@link UserConnections#done} (a slot per user
 *   thread: three field writes per attempt, no allocation and no lock);</li>
 *   <li>a <b>direct borrow</b> ({@link UserConnections#borrow}, {@link UserConnections#getConnection}) by code that takes a
 *   connection of its own; it ends when the connection is closed, which {@link #sweep} notices.</li>
 * </ul>
 *
 * A checkout is <i>long</i> once it has been out longer than the threshold; each is counted once, by whichever sees it
 * first: its return, or a {@link #sweep} while it is still out (a connection never returned is counted by the sweep).
 * Times come from the injected clock. Thread-safe: slots are written by their own user thread and read by the sampler.
 */
public final class Checkouts {
    private final NanoClock clock;
    private final long thresholdNanos;
    private final ThreadLocal<Slot> mine = ThreadLocal.withInitial(this::newSlot);
    private final Set<Slot> slots = ConcurrentHashMap.newKeySet();
    private final Map<Connection, Direct> direct = new ConcurrentHashMap<>();
    private final Map<String, PerOperation> byOperation = new ConcurrentHashMap<>();
    private final LongAdder checkouts = new LongAdder();

    public Checkouts(NanoClock clock, long thresholdNanos) {
        if (thresholdNanos <= 0) throw new IllegalArgumentException("threshold must be positive: " + thresholdNanos);
        this.clock = clock;
        this.thresholdNanos = thresholdNanos;
    }

    public long thresholdNanos() { return thresholdNanos; }

    private Slot newSlot() {
        Slot s = new Slot();
        slots.add(s);
        return s;
    }

    /** This thread's attempt holds a connection now, for {@code operation}. */
    void begin(String operation) {
        Slot s = mine.get();
        s.operation = operation;
        s.id++;
        s.since = clock.nanoTime();
        checkouts.increment();
    }

    /** This thread's attempt gave its connection back (or kept it for the user: the attempt's use ended). */
    void end() {
        Slot s = mine.get();
        long since = s.since;
        if (since == Slot.NONE) return;
        long held = clock.nanoTime() - since;
        s.since = Slot.NONE;
        if (held > thresholdNanos) {
            PerOperation p = stats(s.operation);
            if (s.claim(s.id)) p.longCheckouts.increment();
            p.longestNanos.accumulate(held);
        }
    }

    /** Tracks {@code c}, borrowed by code of its own for {@code operation}, until it is closed. Returns {@code c}. */
    Connection track(Connection c, String operation) {
        direct.put(c, new Direct(operation, clock.nanoTime()));
        checkouts.increment();
        return c;
    }

    /** Checkouts begun so far (attempts and direct borrows). */
    public long total() { return checkouts.sum(); }

    /**
     * Counts what is out now, drops direct borrows that were closed, and counts long checkouts still out (once each).
     * Called by the sampler every interval and once at the end.
     */
    public Sweep sweep() {
        long now = clock.nanoTime();
        int out = 0, over = 0;
        long longest = 0;
        for (Slot s : slots) {
            long since = s.since;
            if (since == Slot.NONE) continue;
            long id = s.id;
            String op = s.operation;
            out++;
            long age = now - since;
            if (s.since != since) continue;   // ended while we looked
            longest = Math.max(longest, age);
            if (age > thresholdNanos) {
                over++;
                PerOperation p = stats(op);
                if (s.claim(id)) p.longCheckouts.increment();
                p.longestNanos.accumulate(age);
            }
        }
        for (var e : direct.entrySet()) {
            Direct d = e.getValue();
            long age = now - d.since;
            if (isClosed(e.getKey())) {
                direct.remove(e.getKey());
                continue;
            }
            out++;
            longest = Math.max(longest, age);
            if (age > thresholdNanos) {
                over++;
                PerOperation p = stats(d.operation);
                if (!d.counted) {
                    d.counted = true;
                    p.longCheckouts.increment();
                }
                p.longestNanos.accumulate(age);
            }
        }
        long longCount = 0;
        for (PerOperation p : byOperation.values()) longCount += p.longCheckouts.sum();
        return new Sweep(out, over, longest / 1e9, longCount);
    }

    /**
     * What is still out now, oldest first: the leaks when no attempt is running (after the load, before the pool
     * closes). Sweeps first.
     */
    public List<Open> stillOut() {
        sweep();
        long now = clock.nanoTime();
        List<Open> out = new ArrayList<>();
        for (Slot s : slots) {
            long since = s.since;
            if (since != Slot.NONE) out.add(new Open(s.operation, (now - since) / 1e9, "attempt"));
        }
        for (Direct d : direct.values()) out.add(new Open(d.operation, (now - d.since) / 1e9, "borrowed"));
        out.sort(Comparator.comparingDouble(Open::heldSeconds).reversed());
        return out;
    }

    /** Long checkouts by operation, with the longest hold seen (seconds), by operation name. */
    public Map<String, LongCheckouts> longByOperation() {
        Map<String, LongCheckouts> m = new TreeMap<>();
        byOperation.forEach((op, p) -> {
            long n = p.longCheckouts.sum();
            if (n > 0) m.put(op, new LongCheckouts(n, p.longestNanos.get() / 1e9));
        });
        return m;
    }

    private PerOperation stats(String op) {
        return byOperation.computeIfAbsent(op == null ? "?" : op, k -> new PerOperation());
    }

    private static boolean isClosed(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    /** One sweep: connections out now, of them longer than the threshold, the longest (s), long checkouts so far. */
    public record Sweep(int out, int overThreshold, double longestSeconds, long longCheckouts) {
    }

    /** A checkout still out. {@code kind}: {@code attempt} or {@code borrowed}. */
    public record Open(String operation, double heldSeconds, String kind) {
    }

    /** Checkouts of one operation that were out longer than the threshold, and the longest hold (s). */
    public record LongCheckouts(long count, double longestSeconds) {
    }

    private static final class PerOperation {
        final LongAdder longCheckouts = new LongAdder();
        final LongAccumulator longestNanos = new LongAccumulator(Math::max, 0);
    }

    /** One user thread's current attempt checkout; {@code since} {@link #NONE} when none. */
    private static final class Slot {
        static final long NONE = Long.MIN_VALUE;
        volatile String operation;
        volatile long id;
        volatile long since = NONE;
        private final AtomicLong counted = new AtomicLong(-1);

        /** True for the one caller that counts checkout {@code id} as long. */
        boolean claim(long checkout) {
            long prev = counted.get();
            return prev != checkout && counted.compareAndSet(prev, checkout);
        }
    }

    private static final class Direct {
        final String operation;
        final long since;
        volatile boolean counted;

        Direct(String operation, long since) {
            this.operation = operation;
            this.since = since;
        }
    }
}
