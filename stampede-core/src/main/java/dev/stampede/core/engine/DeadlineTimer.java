package dev.stampede.core.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Runs tasks at deadlines of the engine's {@link NanoClock} on one thread: the ramp-up starts, think times and pace
 * slots of asynchronous users, which have no thread of their own to sleep on. Tasks due at the same instant run in
 * the order they were scheduled. A task must not block (it starts an attempt); one that throws is contained.
 *
 * <p>Waking: the thread sleeps on the clock until its earliest deadline; a task scheduled earlier than that from
 * another thread interrupts the sleep (only while it sleeps: the flag is set and cleared under the lock, so a task
 * never runs on an interrupted thread). After {@link #drainAll()} (a stop) every task pending or scheduled later runs
 * at once, so users waiting on the timer see the stop without waiting for their deadline.
 *
 * <p>Thread-safety: {@link #schedule}, {@link #drainAll} and {@link #close} from any thread.
 */
final class DeadlineTimer {
    /** Longest single sleep with nothing scheduled, so that a virtual clock never jumps to the end of time. */
    private static final long IDLE_NANOS = 1_000_000_000L;

    private record Entry(long deadline, long seq, Runnable task) implements Comparable<Entry> {
        @Override public int compareTo(Entry o) {
            int c = Long.compare(deadline, o.deadline);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final NanoClock clock;
    private final PriorityQueue<Entry> queue = new PriorityQueue<>();
    private final Thread thread;
    private long seq;
    /** The deadline the thread sleeps until, or {@link Long#MIN_VALUE} while it is awake (it looks again before sleeping). */
    private long sleepingUntil = Long.MIN_VALUE;
    private boolean draining;
    private boolean closed;

    DeadlineTimer(NanoClock clock, String name) {
        this.clock = clock;
        this.thread = clock.start(Thread.ofPlatform().daemon().name(name), this::loop);
    }

    /** Runs {@code task} on the timer thread once the clock reaches {@code deadline} (at once when it has). */
    void schedule(long deadline, Runnable task) {
        synchronized (this) {
            if (closed) return;
            queue.add(new Entry(draining ? Long.MIN_VALUE : deadline, seq++, task));
            if (deadline < sleepingUntil || draining && sleepingUntil != Long.MIN_VALUE) wake();
        }
    }

    /** From now on, runs every task at once, pending or scheduled later. Idempotent. */
    void drainAll() {
        synchronized (this) {
            draining = true;
            if (sleepingUntil != Long.MIN_VALUE) wake();
        }
    }

    /** Ends the thread; pending tasks are dropped. Idempotent. */
    void close() {
        synchronized (this) {
            closed = true;
            queue.clear();
            if (sleepingUntil != Long.MIN_VALUE) wake();
        }
    }

    boolean isAlive() { return thread.isAlive(); }

    private void wake() {
        sleepingUntil = Long.MIN_VALUE; // one interrupt per sleep
        thread.interrupt();
    }

    private void loop() {
        List<Runnable> due = new ArrayList<>();
        while (true) {
            long sleepTo;
            synchronized (this) {
                sleepingUntil = Long.MIN_VALUE;
                Thread.interrupted(); // a wake that came after the sleep had already ended
                if (closed) return;
                long now = clock.nanoTime();
                while (!queue.isEmpty() && (draining || queue.peek().deadline() <= now)) due.add(queue.poll().task());
                if (due.isEmpty()) {
                    Entry first = queue.peek();
                    sleepTo = first == null ? now + IDLE_NANOS : Math.min(first.deadline(), now + IDLE_NANOS);
                    sleepingUntil = sleepTo;
                } else {
                    sleepTo = Long.MIN_VALUE;
                }
            }
            if (!due.isEmpty()) {
                for (Runnable r : due) {
                    try {
                        r.run();
                    } catch (RuntimeException | Error e) {
                        // contained: a task is an engine continuation, which records its own failures
                    }
                }
                due.clear();
                continue;
            }
            try {
                clock.sleepUntil(sleepTo);
            } catch (InterruptedException e) {
                // woken for an earlier task, a drain or the close: look again
            }
        }
    }
}
