package dev.stampede.redis.workload;

import io.lettuce.core.RedisCommandTimeoutException;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code redis.timeout} for attempts that do not wait on a thread: each virtual user (or open-model slot) has at
 * most one attempt in flight, kept in its slot here while it waits for replies, and one daemon thread sweeps the
 * slots every tenth of the timeout (at least 10 ms, at most 1 s) and fails the replies of an attempt older than the
 * timeout with {@link RedisCommandTimeoutException}, which its completion turns into an unknown outcome
 * ({@code redis-timeout}). So a reply is late by at most a tenth of the timeout before it counts as missing, and the
 * hot path costs two array writes per attempt instead of a timer task per command (Lettuce's command expiry, which
 * the connector turns off).
 *
 * <p>Thread-safety: {@link #track} and {@link #untrack} from the attempt's threads (start and completion), the sweep
 * on its own thread; slots are atomic. {@link #close} ends the sweeper.
 */
final class ReplyDeadlines implements AutoCloseable {

    /** An attempt waiting for its replies: what the sweeper fails when it is late. */
    interface Waiting {
        long startedNanos();

        /** Fails every reply still missing; called at most once by the sweeper. */
        void expire(RedisCommandTimeoutException e);
    }

    private final long timeoutNanos;
    private volatile AtomicReferenceArray<Waiting> slots;
    private final Thread sweeper;
    private volatile boolean closed;

    /**
     * @param users the scenario's concurrency (users or in-flight slots), which the slots are sized for; a user number
     *              beyond it grows the table (a slow path: an attempt tracked in the old table while it is copied can
     *              miss its timeout, and the engine's phase-end cut-off still bounds it)
     */
    ReplyDeadlines(java.time.Duration timeout, int users) {
        this.timeoutNanos = timeout.toNanos();
        this.slots = new AtomicReferenceArray<>(Math.max(1, users));
        long period = Math.max(10_000_000L, Math.min(1_000_000_000L, timeoutNanos / 10));
        this.sweeper = Thread.ofPlatform().daemon().name("stampede-redis-timeouts").start(() -> {
            while (!closed) {
                LockSupport.parkNanos(period);
                sweep(System.nanoTime());
            }
        });
    }

    void track(int user, Waiting w) {
        AtomicReferenceArray<Waiting> s = slots;
        if (user >= s.length()) s = grow(user);
        s.setRelease(user, w);
    }

    void untrack(int user, Waiting w) {
        AtomicReferenceArray<Waiting> s = slots;
        if (user < s.length()) s.compareAndSet(user, w, null);
    }

    private synchronized AtomicReferenceArray<Waiting> grow(int user) {
        AtomicReferenceArray<Waiting> s = slots;
        if (user < s.length()) return s;
        AtomicReferenceArray<Waiting> bigger = new AtomicReferenceArray<>(Math.max(user + 1, s.length() * 2));
        for (int i = 0; i < s.length(); i++) bigger.set(i, s.get(i));
        slots = bigger;
        return bigger;
    }

    /** Fails the attempts older than the timeout at {@code now}; package-private for the unit test. */
    int sweep(long now) {
        AtomicReferenceArray<Waiting> s = slots;
        int expired = 0;
        for (int i = 0; i < s.length(); i++) {
            Waiting w = s.getAcquire(i);
            if (w != null && now - w.startedNanos() >= timeoutNanos && s.compareAndSet(i, w, null)) {
                w.expire(new RedisCommandTimeoutException("no reply within " + timeoutNanos / 1_000_000L + " ms"));
                expired++;
            }
        }
        return expired;
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(sweeper);
    }
}
