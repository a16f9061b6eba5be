package dev.stampede.celery.broker;

import dev.stampede.redis.RedisConnector;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Kombu's Redis transport from the publishing side: a task is {@code LPUSH <global_keyprefix><queue> <envelope>} (the
 * worker BRPOPs the queue's priority lists), the queue length is LLEN over those lists plus HLEN of the {@code unacked}
 * hash. Publishes round-robin over a few Lettuce connections (pipelined by Lettuce, replies on its event loop); one more
 * connection answers the depth queries. Thread-safe.
 */
public final class RedisBroker implements Broker {
    private final List<StatefulRedisConnection<String, String>> publishers;
    private final StatefulRedisConnection<String, String> control;
    private final String prefix;
    private final AtomicInteger next = new AtomicInteger();

    @SuppressWarnings("unchecked")
    public RedisBroker(RedisConnector connector, int connections, String globalKeyprefix) {
        List<StatefulConnection<String, String>> c = connector.connect(connections + 1);
        this.publishers = c.subList(0, connections).stream().map(x -> (StatefulRedisConnection<String, String>) x).toList();
        this.control = (StatefulRedisConnection<String, String>) c.get(connections);
        this.prefix = globalKeyprefix;
    }

    @Override public String kind() { return "redis"; }

    @Override
    public void publish(String queue, TaskMessage message, Runnable acked, Consumer<Throwable> failed) {
        String key = TaskMessage.redisQueueKey(prefix, queue, message.priority());
        String envelope = message.redisEnvelope(queue);
        StatefulRedisConnection<String, String> c = publishers.get(Math.floorMod(next.getAndIncrement(), publishers.size()));
        c.async().lpush(key, envelope).whenComplete((n, e) -> {
            if (e == null) acked.run();
            else failed.accept(e);
        });
    }

    @Override
    public QueueDepth depth(String queue) {
        RedisCommands<String, String> r = control.sync();
        long ready = 0;
        for (String k : TaskMessage.redisQueueKeys(prefix, queue)) ready += r.llen(k);
        return new QueueDepth(ready, r.hlen(prefix + "unacked"), -1);
    }

    @Override
    public boolean absent(String queue) {
        RedisCommands<String, String> r = control.sync();
        return r.exists(TaskMessage.redisQueueKeys(prefix, queue).toArray(String[]::new)) == 0
                && r.exists(prefix + "_kombu.binding." + queue) == 0;
    }

    @Override
    public void deleteOwnQueue(String queue) {
        control.sync().unlink(TaskMessage.redisQueueKeys(prefix, queue).toArray(String[]::new));
    }

    /** The key prefix the workers use ({@code global_keyprefix}), empty for none. */
    public String prefix() { return prefix; }

    @Override
    public void close() {
        publishers.forEach(StatefulConnection::close);
        control.close();
    }
}
