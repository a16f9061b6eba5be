package dev.stampede.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Accepts the configuration keys of the Python suites our users come from (seeds 000 and 001:
 * {@code database_url}, {@code load_profile}, {@code performance_thresholds}, {@code test_scenarios}...)
 * and rewrites them into Stampede's canonical keys, so an existing config file works as is.
 * Stack keys ({@code redis_url}, {@code celery_broker}, {@code cache_hit_rate}...) go to their target's section;
 * keys with no equivalent (the Python suite's own query counts, CPU limits) are dropped with a note.
 */
final class SeedCompat {
    private static final Map<String, String> TOP = Map.of(
            "database_url", "database.url",
            "redis_url", "redis.url",
            "celery_broker", "celery.broker_url",
            "celery_result_backend", "celery.result_backend",
            "output_dir", "run.output_dir",
            "test_timeout", "run.test_timeout",
            "max_workers", "run.max_workers");
    private static final Map<String, String> SCENARIO_NAMES = Map.of(
            "baseline_performance", "baseline", "normal_load", "normal", "peak_load", "peak",
            "stress_test", "stress", "endurance_test", "endurance");
    private static final Map<String, String> THRESHOLDS = Map.ofEntries(
            Map.entry("max_avg_query_time_ms", "max_avg_response_time_ms"),
            Map.entry("max_p95_query_time_ms", "max_p95_response_time_ms"),
            Map.entry("max_p99_query_time_ms", "max_p99_response_time_ms"),
            Map.entry("query_time_ms", "max_db_query_time_ms"),
            Map.entry("connection_time_ms", "max_connection_acquire_p95_ms"),
            Map.entry("cache_hit_rate", "min_cache_hit_rate"),
            Map.entry("redis_memory_usage_percent", "max_redis_memory_usage_percent"),
            Map.entry("celery_queue_length", "max_celery_queue_length"));
    private static final List<String> IGNORED = List.of("quick_test_queries",
            "full_test_queries", "load_test_duration", "load_test_users");
    private static final List<String> IGNORED_THRESHOLDS = List.of("memory_usage_mb",
            "cpu_usage_percent", "max_cpu_usage_percent", "max_memory_usage_percent", "min_games_completion_rate_percent");

    private SeedCompat() {
    }

    /** Rewrites {@code root} in place; returns notes for the user. */
    static List<String> normalize(ObjectNode root) {
        List<String> notes = new ArrayList<>();
        for (var e : TOP.entrySet()) {
            JsonNode v = root.remove(e.getKey());
            if (v != null) put(root, e.getValue(), v);
        }
        for (String k : IGNORED) {
            if (root.remove(k) != null) notes.add("config key '" + k + "' has no Stampede equivalent (scenarios set their own sizes); ignored");
        }
        JsonNode db = root.get("database");
        if (db instanceof ObjectNode dbo && dbo.has("host")) {
            dbo.put("url", urlFromParts(dbo));
        }
        JsonNode profile = root.remove("load_profile");
        if (profile instanceof ObjectNode p) {
            move(p, "concurrent_connections", root, "load.connections");
            move(p, "queries_per_second_target", root, "load.qps_target");
            move(p, "read_write_ratio", root, "load.read_write_ratio");
            JsonNode mins = p.remove("duration_minutes");
            if (mins != null) put(root, "load.duration", root.textNode(mins.asText() + "m"));
            p.fieldNames().forEachRemaining(k -> notes.add("config key 'load_profile." + k + "' is not known; ignored"));
        }
        JsonNode perf = root.remove("performance_thresholds");
        if (perf instanceof ObjectNode p) {
            p.properties().forEach(e -> put(root, "thresholds." + e.getKey(), e.getValue()));
        }
        JsonNode th = root.get("thresholds");
        if (th instanceof ObjectNode t) {
            for (var e : THRESHOLDS.entrySet()) {
                JsonNode v = t.remove(e.getKey());
                if (v != null) t.set(e.getValue(), v);
            }
            JsonNode er = t.remove("error_rate");
            if (er != null) t.put("max_error_rate_percent", er.asDouble() * 100.0);
            for (String k : IGNORED_THRESHOLDS) {
                if (t.remove(k) != null) notes.add("threshold '" + k + "' is not checked by Stampede (the generator's own CPU and memory are reported as monitors); ignored");
            }
        }
        JsonNode ts = root.remove("test_scenarios");
        if (ts instanceof ObjectNode scenarios) {
            List<String> enabled = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = scenarios.fields(); it.hasNext(); ) {
                var e = it.next();
                String name = SCENARIO_NAMES.getOrDefault(e.getKey(), e.getKey());
                if (!(e.getValue() instanceof ObjectNode s)) continue;
                JsonNode en = s.remove("enabled");
                if (en == null || en.asBoolean(true)) enabled.add(name);
                JsonNode users = s.remove("concurrent_users");
                if (users != null) s.set("connections", users);
                JsonNode cc = s.remove("concurrent_connections");
                if (cc != null) s.set("connections", cc);
                JsonNode mins = s.remove("duration_minutes");
                if (mins != null) s.put("duration", mins.asText() + "m");
                put(root, "scenarios." + name, s);
            }
            if (!root.path("run").has("scenarios")) put(root, "run.scenarios", root.arrayNode().addAll(
                    enabled.stream().map(root::textNode).toList()));
        }
        return notes;
    }

    /** Seed 001's {host, port, database, user, password} block as one URL; the password is registered as a secret. */
    private static String urlFromParts(ObjectNode dbo) {
        String user = text(dbo.remove("user"), null);
        String password = text(dbo.remove("password"), null);
        String host = text(dbo.remove("host"), "localhost");
        String port = text(dbo.remove("port"), "5432");
        String name = text(dbo.remove("database"), "postgres");
        StringBuilder url = new StringBuilder("postgresql://");
        if (user != null) {
            url.append(enc(user));
            if (password != null) {
                dev.stampede.core.util.Secrets.register(password);
                url.append(':').append(enc(password));
            }
            url.append('@');
        }
        return url.append(host).append(':').append(port).append('/').append(name).toString();
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String text(JsonNode n, String dflt) {
        return n == null || n.isNull() ? dflt : n.asText();
    }

    private static void move(ObjectNode from, String key, ObjectNode root, String path) {
        JsonNode v = from.remove(key);
        if (v != null) put(root, path, v);
    }

    private static void put(ObjectNode root, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode c = node.get(parts[i]);
            if (!(c instanceof ObjectNode)) c = node.putObject(parts[i]);
            node = (ObjectNode) c;
        }
        node.set(parts[parts.length - 1], value);
    }
}
