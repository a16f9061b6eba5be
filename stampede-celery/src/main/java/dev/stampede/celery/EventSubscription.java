package dev.stampede.celery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampede.redis.RedisUrl;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * Celery's worker events on a Redis broker, for workers that send them ({@code worker -E}, or the
 * {@code enable_events} control command): kombu publishes each on {@code [global_keyprefix]/<db>.celeryev/<routing
 * key>} as a base64 envelope, prefork workers batching them as a JSON list under {@code task.multi}. Plain pub/sub:
 * events sent while nobody listens are lost, so this subscribes before the first publish. Each task event goes to
 * the tracker (task-started gives queue wait for tasks without the probe's timestamps; task-succeeded/failed are
 * counted for the cross-check). Messages arrive on Lettuce's event loop.
 */
public final class EventSubscription implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RedisClient client;
    private final StatefulRedisPubSubConnection<String, String> connection;

    private EventSubscription(RedisClient client, StatefulRedisPubSubConnection<String, String> connection) {
        this.client = client;
        this.connection = connection;
    }

    public static EventSubscription open(RedisUrl broker, String keyprefix, TaskTracker tracker) {
        RedisClient client = RedisClient.create(broker.uri());
        try {
            StatefulRedisPubSubConnection<String, String> c = client.connectPubSub();
            c.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String pattern, String channel, String message) {
                    dispatch(message, tracker);
                }
            });
            c.sync().psubscribe(keyprefix + "/" + broker.database() + ".celeryev/task.*");
            return new EventSubscription(client, c);
        } catch (RuntimeException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            throw e;
        }
    }

    /** Decodes one event message (an envelope with one event or a task.multi list) and hands each task event on. */
    static void dispatch(String message, TaskTracker tracker) {
        try {
            JsonNode env = JSON.readTree(message);
            JsonNode body = env.path("body");
            JsonNode events = "base64".equals(env.path("properties").path("body_encoding").asText())
                    ? JSON.readTree(new String(Base64.getDecoder().decode(body.asText()), StandardCharsets.UTF_8)) : body;
            if (events.isArray()) {
                for (JsonNode e : events) one(e, tracker);
            } else {
                one(events, tracker);
            }
        } catch (java.io.IOException | IllegalArgumentException e) {
            // not an event envelope: ignore
        }
    }

    private static void one(JsonNode e, TaskTracker tracker) {
        String type = e.path("type").asText("");
        if (type.startsWith("task-")) tracker.onEvent(type, e.path("uuid").asText(""), e.path("timestamp").asDouble(Double.NaN));
    }

    @Override
    public void close() {
        try {
            connection.close();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
