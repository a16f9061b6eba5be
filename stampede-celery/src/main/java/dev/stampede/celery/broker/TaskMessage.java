package dev.stampede.celery.broker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One task message in Celery's message protocol version 2, JSON serializer (never pickle), as a Celery 5.2 worker
 * accepts it (checked against a real worker, see CeleryWireIT): the headers (task, id, root_id, retries, eta,
 * expires, timelimit as {@code [hard, soft]}...), the three-element body {@code [args, kwargs, embed]}, and the
 * properties. {@link #redisEnvelope} wraps it the way kombu's Redis transport stores it (base64 body,
 * delivery_info, delivery_tag); on AMQP the headers travel as application headers and the body raw. Immutable.
 */
public final class TaskMessage {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String EMBED = "{\"callbacks\":null,\"errbacks\":null,\"chain\":null,\"chord\":null}";

    private final String id;
    private final String task;
    private final byte[] body;
    private final Map<String, Object> headers;
    private final int priority;

    private TaskMessage(String id, String task, byte[] body, Map<String, Object> headers, int priority) {
        this.id = id;
        this.task = task;
        this.body = body;
        this.headers = headers;
        this.priority = priority;
    }

    /**
     * Builds a message.
     *
     * @param eta      when the worker may run it, or null
     * @param expires  when it expires, or null
     * @param origin   who sent it ({@code stampede@host})
     * @param priority message priority, 0 for none
     */
    public static TaskMessage of(String id, String task, List<Object> args, Map<String, Object> kwargs, Instant eta, Instant expires,
                                 String origin, int priority) {
        String argsJson, kwargsJson;
        try {
            argsJson = JSON.writeValueAsString(args);
            kwargsJson = JSON.writeValueAsString(kwargs);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("task " + task + ": arguments cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
        byte[] body = ("[" + argsJson + "," + kwargsJson + "," + EMBED + "]").getBytes(StandardCharsets.UTF_8);
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("lang", "py");
        h.put("task", task);
        h.put("id", id);
        h.put("shadow", null);
        h.put("eta", eta == null ? null : eta.toString().replace("Z", "+00:00"));
        h.put("expires", expires == null ? null : expires.toString().replace("Z", "+00:00"));
        h.put("group", null);
        h.put("group_index", null);
        h.put("retries", 0);
        h.put("timelimit", java.util.Arrays.asList(null, null));
        h.put("root_id", id);
        h.put("parent_id", null);
        h.put("argsrepr", argsJson.length() > 1024 ? argsJson.substring(0, 1024) : argsJson);
        h.put("kwargsrepr", kwargsJson.length() > 1024 ? kwargsJson.substring(0, 1024) : kwargsJson);
        h.put("origin", origin);
        h.put("ignore_result", false);
        return new TaskMessage(id, task, body, h, priority);
    }

    /** A task id whose first group is {@code runPrefix} (8 hex digits), so the run's results can be subscribed to alone. */
    public static String newId(String runPrefix) {
        String u = UUID.randomUUID().toString();
        return runPrefix + u.substring(8);
    }

    public String id() { return id; }

    public String task() { return task; }

    /** The body: {@code [args, kwargs, embed]} as UTF-8 JSON. */
    public byte[] body() { return body.clone(); }

    /** The protocol-2 headers (AMQP application headers; JSON nulls included). */
    public Map<String, Object> headers() { return java.util.Collections.unmodifiableMap(headers); }

    public int priority() { return priority; }

    /**
     * The JSON string kombu's Redis transport keeps in the queue list: body base64-encoded, the properties with
     * delivery_info (exchange {@code ""}, routing key the queue) and a fresh delivery_tag.
     */
    public String redisEnvelope(String routingKey) {
        ObjectNode m = F.objectNode();
        m.put("body", Base64.getEncoder().encodeToString(body));
        m.put("content-encoding", "utf-8");
        m.put("content-type", "application/json");
        m.set("headers", JSON.valueToTree(headers));
        ObjectNode p = m.putObject("properties");
        p.put("correlation_id", id);
        p.put("reply_to", "");
        p.put("delivery_mode", 2);
        ObjectNode di = p.putObject("delivery_info");
        di.put("exchange", "");
        di.put("routing_key", routingKey);
        p.put("priority", priority);
        p.put("body_encoding", "base64");
        p.put("delivery_tag", UUID.randomUUID().toString());
        return m.toString();
    }

    /** Kombu's Redis key for {@code queue} at {@code priority}: 0 uses the queue's name, 3/6/9 a suffixed key. */
    public static String redisQueueKey(String prefix, String queue, int priority) {
        int step = redisPriorityStep(priority);
        return prefix + (step == 0 ? queue : queue + "\u0006\u0016" + step);
    }

    /** Kombu's priority steps: clamped to 0..9 and rounded down to 0, 3, 6 or 9. */
    public static int redisPriorityStep(int priority) {
        int p = Math.max(0, Math.min(9, priority));
        return p >= 9 ? 9 : p >= 6 ? 6 : p >= 3 ? 3 : 0;
    }

    /** The keys kombu reads for {@code queue}, most urgent first. */
    public static List<String> redisQueueKeys(String prefix, String queue) {
        return List.of(redisQueueKey(prefix, queue, 0), redisQueueKey(prefix, queue, 3), redisQueueKey(prefix, queue, 6),
                redisQueueKey(prefix, queue, 9));
    }

}
