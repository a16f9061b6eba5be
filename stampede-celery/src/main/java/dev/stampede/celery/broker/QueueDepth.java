package dev.stampede.celery.broker;

/**
 * The broker's view of one queue at one moment. Immutable.
 *
 * @param ready     messages waiting to be taken (Redis: LLEN over the priority lists; AMQP: the queue's message count)
 * @param reserved  taken but not acknowledged (Redis: HLEN of kombu's {@code unacked} hash, shared by every queue of the
 *                  database; -1 where the broker does not say, as AMQP's passive declare)
 * @param consumers consumers on the queue (AMQP); -1 where the broker does not say (Redis)
 */
public record QueueDepth(long ready, long reserved, long consumers) {
    /** Ready plus reserved: what still has to be done. */
    public long backlog() { return ready + Math.max(0, reserved); }
}
