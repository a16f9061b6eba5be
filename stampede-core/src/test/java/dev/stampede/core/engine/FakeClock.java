package dev.stampede.core.engine;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A virtual {@link NanoClock} for deterministic, fast engine tests: time stands still while any thread
 * it knows is running, and jumps to the earliest {@link #sleepUntil} deadline once every one of them is
 * idle. A discrete-event simulation on real threads.
 *
 * <p>Known threads: the one that created the clock, every thread started through {@link #start}, and
 * any thread that calls {@link #sleepUntil}. A known thread is idle when it waits in
 * {@link #sleepUntil}, has ended, or has been waiting outside the clock (WAITING or TIMED_WAITING) for
 * 25 ms of real time without a break: a stand-in for a thread stuck on a hung server, which must not hold
 * time back (25 ms, so that a thread just woken but not yet scheduled on a loaded 2-core machine is not taken
 * for stuck: with 3 ms, time once jumped past such a thread's work in CI). A thread BLOCKED on a monitor counts as running (its holder runs or just let go). A thread woken by an
 * advance, or interrupted in it, counts as running until it is back in {@link #sleepUntil} or idle
 * otherwise, so at every
 * virtual instant all work due then is done before time moves on.
 *
 * <p>Thread-safety: everything is guarded by one lock; an advancer daemon thread polls for
 * quiescence every 50 µs of real time. {@link #close} stops it.
 */
final class FakeClock implements NanoClock, AutoCloseable {
    private static final long STUCK_AFTER_REAL_NANOS = 25_000_000L;
    private static final long EPOCH_MILLIS = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private final Object lock = new Object();
    private final Set<Thread> known = ConcurrentHashMap.newKeySet();
    private final Map<Thread, Long> sleeping = new HashMap<>();
    private final Set<Thread> woken = new HashSet<>();
    private final AtomicInteger entering = new AtomicInteger();
    /** Real time since which a thread has been seen waiting outside the clock without a break. */
    private final Map<Thread, Long> waitingOutsideSince = new HashMap<>();
    private final Thread advancer;
    private volatile long now = 1_000_000_000L;
    private volatile boolean closed;

    FakeClock() {
        known.add(Thread.currentThread());
        advancer = Thread.ofPlatform().daemon().name("fake-clock").start(() -> {
            while (!closed) {
                LockSupport.parkNanos(50_000L);
                tryAdvance();
            }
        });
    }

    @Override
    public long nanoTime() { return now; }

    @Override
    public long currentTimeMillis() { return EPOCH_MILLIS + now / 1_000_000L; }

    @Override
    public void sleepUntil(long deadline) throws InterruptedException {
        Thread me = Thread.currentThread();
        entering.incrementAndGet();
        synchronized (lock) {
            entering.decrementAndGet();
            known.add(me);
            if (now >= deadline) return;
            if (Thread.interrupted()) throw new InterruptedException();
            sleeping.put(me, deadline);
            try {
                while (now < deadline) lock.wait();
            } finally {
                sleeping.remove(me);
                woken.remove(me);
            }
        }
    }

    @Override
    public Thread start(Thread.Builder builder, Runnable task) {
        Thread t = builder.unstarted(task);
        synchronized (lock) {
            known.add(t);
            t.start();
        }
        return t;
    }

    /** Virtual nanoseconds since the clock was made. */
    long elapsedNanos() { return now - 1_000_000_000L; }

    private void tryAdvance() {
        synchronized (lock) {
            if (sleeping.isEmpty() || entering.get() > 0 || !woken.isEmpty()) return;
            boolean busy = false;
            for (var it = known.iterator(); it.hasNext(); ) {
                Thread t = it.next();
                Thread.State state = t.getState();
                if (state == Thread.State.TERMINATED) {
                    it.remove();
                    waitingOutsideSince.remove(t);
                    continue;
                }
                if (sleeping.containsKey(t)) {
                    waitingOutsideSince.remove(t);
                    // an interrupted sleeper is about to leave sleepUntil (its flag clears once it has the lock back)
                    if (t.isInterrupted()) busy = true;
                    continue;
                }
                if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
                    // stuck outside the clock only once seen so for a while: a thread just unparked or notified
                    // still shows WAITING until it is scheduled
                    long since = waitingOutsideSince.computeIfAbsent(t, k -> System.nanoTime());
                    if (System.nanoTime() - since < STUCK_AFTER_REAL_NANOS) busy = true;
                    continue;
                }
                // RUNNABLE, NEW, or BLOCKED on a monitor (its holder runs, or has just let go)
                waitingOutsideSince.remove(t);
                busy = true;
            }
            if (busy) return;
            long next = Long.MAX_VALUE;
            for (long d : sleeping.values()) next = Math.min(next, d);
            now = next;
            for (var e : sleeping.entrySet()) if (e.getValue() <= next) woken.add(e.getKey());
            lock.notifyAll();
        }
    }

    @Override
    public void close() {
        closed = true;
        advancer.interrupt();
    }
}
