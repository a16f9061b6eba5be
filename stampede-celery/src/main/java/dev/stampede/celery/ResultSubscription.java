package dev.stampede.celery;

import dev.stampede.redis.RedisUrl;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import java.time.Duration;
import java.util.function.BiConsumer;

/**
 * The result backend's live feed: Celery's Redis backend writes each state as {@code SETEX celery-task-meta-<id>} and
 * {@code PUBLISH celery-task-meta-<id> <meta>} in one pipeline, so {@code PSUBSCRIBE celery-task-meta-<run prefix>*}
 * sees this run's RETRY, SUCCESS and FAILURE states as they happen, and only this run's (task ids start with the run's
 * prefix). Messages arrive on Lettuce's event loop and go to the listener. Not for reading results written before the
 * subscription: subscribe before the first publish.
 */
public final class ResultSubscription implements AutoCloseable {
    private final RedisClient client;
    private final StatefulRedisPubSubConnection<String, String> connection;

    private ResultSubscription(RedisClient client, StatefulRedisPubSubConnection<String, String> connection) {
        this.client = client;
        this.connection = connection;
    }

    /** Subscribes to {@code celery-task-meta-<runPrefix>*} on the backend at {@code url}; Lettuce's exceptions pass through. */
    public static ResultSubscription open(RedisUrl url, String runPrefix, BiConsumer<String, String> listener) {
        RedisClient client = RedisClient.create(url.uri());
        client.setOptions(io.lettuce.core.ClientOptions.builder().socketOptions(io.lettuce.core.SocketOptions.builder()
                .connectTimeout(Duration.ofSeconds(5)).build()).build());
        try {
            StatefulRedisPubSubConnection<String, String> c = client.connectPubSub();
            c.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String pattern, String channel, String message) {
                    listener.accept(channel, message);
                }
            });
            c.sync().psubscribe(pattern(runPrefix));
            return new ResultSubscription(client, c);
        } catch (RuntimeException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            throw e;
        }
    }

    /** The channel pattern of one run's task states. */
    static String pattern(String runPrefix) { return "celery-task-meta-" + runPrefix + "*"; }

    @Override
    public void close() {
        try {
            connection.close();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
