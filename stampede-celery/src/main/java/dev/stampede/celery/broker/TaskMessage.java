package dev.stampede.celery.broker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.io.JsonStringEncoder;

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
    private static final String EMBED = "{\"callbacks\":null,\"errbacks\":null,\"chain\":null,\"chord\":null}";

    private final String id;
    private final String task;
    private final String argsJson;
    private final String kwargsJson;
    private final String eta;
    private final String expires;
    private final String origin;
    private final int priority;

    private TaskMessage(String id, String task, String argsJson, String kwargsJson, String eta, String expires, String origin, int priority) {
        this.id = id;
        this.task = task;
        this.argsJson = argsJson;
        this.kwargsJson = kwargsJson;
        this.eta = eta;
        this.expires = expires;
        this.origin = origin;
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
        return of(id, task, json(task, args), json(task, kwargs), eta, expires, origin, priority);
    }

    /** As {@link #of(String, String, List, Map, Instant, Instant, String, int)} with the arguments already written as JSON. */
    public static TaskMessage of(String id, String task, String argsJson, String kwargsJson, Instant eta, Instant expires, String origin,
                                 int priority) {
        return new TaskMessage(id, task, argsJson, kwargsJson, iso(eta), iso(expires), origin, priority);
    }

    /** {@code value} as JSON; the task name says whose arguments could not be written. */
    public static String json(String task, Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("task " + task + ": arguments cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String iso(Instant t) { return t == null ? null : t.toString().replace("Z", "+00:00"); }

    /** A task id whose first group is {@code runPrefix} (8 hex digits), so the run's results can be subscribed to alone. */
    public static String newId(String runPrefix) {
        return runPrefix + uuid().substring(8);
    }

    /** A random version-4 UUID from the thread's own generator (ids and delivery tags need uniqueness, not secrecy). */
    static String uuid() {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        long hi = (r.nextLong() & ~0xF000L) | 0x4000L, lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(hi, lo).toString();
    }

    public String id() { return id; }

    public String task() { return task; }

    /** The body: {@code [args, kwargs, embed]} as UTF-8 JSON. */
    public byte[] body() { return ("[" + argsJson + "," + kwargsJson + "," + EMBED + "]").getBytes(StandardCharsets.UTF_8); }

    private static String repr(String json) { return json.length() > 1024 ? json.substring(0, 1024) : json; }

    /** The protocol-2 headers (AMQP application headers; JSON nulls included). */
    public Map<String, Object> headers() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("lang", "py");
        h.put("task", task);
        h.put("id", id);
        h.put("shadow", null);
        h.put("eta", eta);
        h.put("expires", expires);
        h.put("group", null);
        h.put("group_index", null);
        h.put("retries", 0);
        h.put("timelimit", java.util.Arrays.asList(null, null));
        h.put("root_id", id);
        h.put("parent_id", null);
        h.put("argsrepr", repr(argsJson));
        h.put("kwargsrepr", repr(kwargsJson));
        h.put("origin", origin);
        h.put("ignore_result", false);
        return h;
    }

    public int priority() { return priority; }

    private static void str(StringBuilder b, String s) {
        if (s == null) {
            b.append("null");
            return;
        }
        b.append('"');
        JsonStringEncoder.getInstance().quoteAsString(s, b);
        b.append('"');
    }

    /**
     * The JSON string kombu's Redis transport keeps in the queue list: body base64-encoded, the properties with
     * delivery_info (exchange {@code ""}, routing key the queue) and a fresh delivery_tag. Written by hand (one
     * StringBuilder): this is the publisher's hot path.
     */
    public String redisEnvelope(String routingKey) {
        StringBuilder b = new StringBuilder(512 + argsJson.length() * 3 + kwargsJson.length() * 3);
        b.append("{\"body\":\"").append(Base64.getEncoder().encodeToString(body())).append("\",\"content-encoding\":\"utf-8\","
                + "\"content-type\":\"application/json\",\"headers\":{\"lang\":\"py\",\"task\":");
        str(b, task);
        b.append(",\"id\":");
        str(b, id);
        b.append(",\"shadow\":null,\"eta\":");
        str(b, eta);
        b.append(",\"expires\":");
        str(b, expires);
        b.append(",\"group\":null,\"group_index\":null,\"retries\":0,\"timelimit\":[null,null],\"root_id\":");
        str(b, id);
        b.append(",\"parent_id\":null,\"argsrepr\":");
        str(b, repr(argsJson));
        b.append(",\"kwargsrepr\":");
        str(b, repr(kwargsJson));
        b.append(",\"origin\":");
        str(b, origin);
        b.append(",\"ignore_result\":false},\"properties\":{\"correlation_id\":");
        str(b, id);
        b.append(",\"reply_to\":\"\",\"delivery_mode\":2,\"delivery_info\":{\"exchange\":\"\",\"routing_key\":");
        str(b, routingKey);
        b.append("},\"priority\":").append(priority).append(",\"body_encoding\":\"base64\",\"delivery_tag\":\"").append(uuid())
                .append("\"}}");
        return b.toString();
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
