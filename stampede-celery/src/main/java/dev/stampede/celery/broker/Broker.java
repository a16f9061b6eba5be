package dev.stampede.celery.broker;

import java.util.function.Consumer;

/**
 * Where task messages go: a Redis list (kombu's Redis transport) or an AMQP 0-9-1 queue. Thread-safe: every virtual
 * user publishes through the same instance at once; the callbacks run on the client's I/O threads and must not block.
 */
public interface Broker extends AutoCloseable {

    /** "redis" or "amqp". */
    String kind();

    /**
     * Sends {@code message} to {@code queue}; {@code acked} runs once the broker has it (Redis: the LPUSH reply; AMQP: the
     * publisher confirm), {@code failed} otherwise. Exactly one of them runs. Must not block on the broker.
     */
    void publish(String queue, TaskMessage message, Runnable acked, Consumer<Throwable> failed);

    /** The queue's depth now; blocks for one round trip. */
    QueueDepth depth(String queue) throws Exception;

    /** True when {@code queue} holds no message and no binding of a worker (Stampede may create and later delete it). */
    boolean absent(String queue) throws Exception;

    /** Deletes {@code queue}, which Stampede created (callers check {@link #absent} before they first use it). */
    void deleteOwnQueue(String queue) throws Exception;

    @Override
    void close();
}
