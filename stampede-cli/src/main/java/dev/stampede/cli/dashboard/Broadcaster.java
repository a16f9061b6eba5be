package dev.stampede.cli.dashboard;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Fans events out to a small set of subscribers (the dashboard's open event streams), so that the publisher (the
 * engine's sampler thread) never waits for a browser: {@link #publish} only offers the event to each subscriber's
 * bounded queue, and a subscriber whose queue is full (it fell {@code queueCapacity} events behind: a slow or gone
 * browser) is dropped on the spot. Each subscriber's queue is drained and written by its own dashboard thread in
 * {@link #serve}; a write that fails (the browser went away) drops it too. A browser that stops reading but keeps
 * its connection open blocks only its own thread, inside the socket write (the kernel's send buffer holds minutes of
 * these small events first); it is dropped from the set once its queue fills, but that thread stays blocked until
 * the connection fails. The engine and the other subscribers are never held up by it.
 *
 * <p>Thread-safety: {@link #publish} and {@link #subscribe} from any thread; {@link #serve} on the thread that owns
 * the subscriber's connection. At most {@code maxSubscribers} at once, so a fixed pool of
 * {@code maxSubscribers + 2} threads serves every stream and the other requests.
 *
 * @param <E> the event type
 */
final class Broadcaster<E> {
    /** Where a subscriber's frames go (an HTTP response body). Written by one thread only. */
    interface Sink {
        void send(byte[] frame) throws IOException;

        /** Ends the stream; must not throw. */
        void close();
    }

    /** One subscriber: its bounded queue and its sink. */
    static final class Subscriber<E> {
        private final ArrayBlockingQueue<E> queue;
        private final Sink sink;
        private volatile boolean dropped;
        private volatile boolean writing;

        private Subscriber(int capacity, Sink sink) {
            this.queue = new ArrayBlockingQueue<>(capacity);
            this.sink = sink;
        }

        boolean dropped() { return dropped; }
    }

    private final Set<Subscriber<E>> subscribers = ConcurrentHashMap.newKeySet();
    private final int maxSubscribers;
    private final int queueCapacity;
    private final long keepAliveNanos;

    /**
     * @param maxSubscribers most subscribers at once; more are refused
     * @param queueCapacity  events a subscriber may fall behind before it is dropped
     * @param keepAliveMillis idle time after which {@link #serve} writes a keep-alive comment
     */
    Broadcaster(int maxSubscribers, int queueCapacity, long keepAliveMillis) {
        this.maxSubscribers = maxSubscribers;
        this.queueCapacity = queueCapacity;
        this.keepAliveNanos = TimeUnit.MILLISECONDS.toNanos(keepAliveMillis);
    }

    /**
     * Adds a subscriber whose queue starts with {@code initial} (the latest state, so a new tab draws at once).
     *
     * @return the subscriber, or null when {@code maxSubscribers} are connected already
     */
    synchronized Subscriber<E> subscribe(Sink sink, List<E> initial) {
        if (subscribers.size() >= maxSubscribers) return null;
        Subscriber<E> s = new Subscriber<>(Math.max(queueCapacity, initial.size()), sink);
        s.queue.addAll(initial);
        subscribers.add(s);
        return s;
    }

    /** Offers {@code event} to every subscriber; never blocks. A subscriber whose queue is full is dropped. */
    void publish(E event) {
        for (Subscriber<E> s : subscribers) {
            if (!s.queue.offer(event)) drop(s);
        }
    }

    int subscriberCount() { return subscribers.size(); }

    /**
     * Writes {@code s}'s events to its sink until it is dropped or a write fails, then closes the sink. Runs on the
     * subscriber's own dashboard thread; returns when the subscriber is gone.
     *
     * @param encode turns an event into one framed message
     */
    void serve(Subscriber<E> s, Function<E, byte[]> encode) {
        try {
            long idleSince = System.nanoTime();
            while (!s.dropped) {
                E e = s.queue.poll(200, TimeUnit.MILLISECONDS);
                if (s.dropped) break;
                byte[] frame;
                if (e != null) {
                    frame = encode.apply(e);
                } else if (System.nanoTime() - idleSince >= keepAliveNanos) {
                    frame = SseFrame.KEEP_ALIVE;
                } else {
                    continue;
                }
                s.writing = true;
                try {
                    s.sink.send(frame);
                } finally {
                    s.writing = false;
                }
                idleSince = System.nanoTime();
            }
        } catch (IOException gone) {
            // the browser went away: drop it below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            drop(s);
            s.sink.close();
        }
    }

    /**
     * Waits up to {@code timeoutMillis} until every subscriber has written what it was sent (used before the
     * process exits, so the last event reaches the open tabs).
     */
    void awaitDelivered(long timeoutMillis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < end) {
            boolean pending = false;
            for (Subscriber<E> s : subscribers) pending |= !s.queue.isEmpty() || s.writing;
            if (!pending) return;
            Thread.sleep(20);
        }
    }

    private void drop(Subscriber<E> s) {
        s.dropped = true;
        subscribers.remove(s);
    }
}
