package dev.stampede.celery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampede.celery.health.CeleryAdvisor;
import dev.stampede.celery.health.CelerySection;
import dev.stampede.core.api.ErrorClass;
import dev.stampede.core.api.TargetUnreachableException;
import dev.stampede.core.config.ConfigSection;
import dev.stampede.core.config.CustomStatement;
import dev.stampede.core.gen.ParamGenerator;
import dev.stampede.core.config.ScenarioSpec;
import dev.stampede.core.target.ReportSection;
import dev.stampede.core.target.SessionContext;
import dev.stampede.core.target.Target;
import dev.stampede.core.target.TargetProvider;
import dev.stampede.core.target.TargetSettings;
import dev.stampede.core.target.WorkloadType;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Celery as a Stampede target: the {@code celery} section (CELERY_BROKER_URL, CELERY_RESULT_BACKEND), the embedded
 * default (embedded Redis and a local worker for the probe tasks), the {@code celery} workload, suite {@code celery},
 * seed 000's {@code celery_queue_length} threshold ({@code max_celery_queue_length}), the Celery section of the
 * reports. {@code stampede clean} has nothing to remove: Stampede deletes its own queue and result keys after each
 * scenario. Stateless; listed in META-INF/services.
 */
public final class CeleryTargetProvider implements TargetProvider {
    public static final String NAME = "celery";
    private static final Set<String> KEYS = Set.of("broker_url", "result_backend", "queue", "tasks", "await", "result_timeout",
            "consumer_timeout", "drain_timeout", "global_keyprefix", "connections", "worker", "worker_concurrency", "worker_prefetch",
            "monitors");
    private static final Set<String> TASK_KEYS = Set.of("weight", "args", "kwargs", "kwargs_list", "kwargs_params", "queue", "priority", "countdown",
            "expires");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override public String name() { return NAME; }

    /** The configuration section, also the {@code target:} of its faults. */
    static final String SECTION = "celery";

    @Override public String section() { return SECTION; }

    @Override public String description() {
        return "Celery tasks over the real protocol (v2, JSON) on a Redis or AMQP broker, followed on the Redis result backend";
    }

    @Override
    public Map<String, String> environment() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("CELERY_BROKER_URL", "broker_url");
        m.put("CELERY_RESULT_BACKEND", "result_backend");
        return m;
    }

    @Override
    public TargetSettings bind(ConfigSection c) {
        c.allowOnly(KEYS);
        String broker = blankToNull(c.string("broker_url", null));
        String backend = blankToNull(c.string("result_backend", null));
        if (broker != null) BrokerUrl.parse(broker, "CELERY_BROKER_URL", c.tree().origin(c.full("broker_url")));
        if (backend != null && backend.toLowerCase(java.util.Locale.ROOT).startsWith("redis")) {
            BrokerUrl.parse(backend, "CELERY_RESULT_BACKEND", c.tree().origin(c.full("result_backend")));
        }
        String queue = c.string("queue", "stampede");
        if (queue.isBlank() || queue.chars().anyMatch(Character::isWhitespace)) {
            throw c.bad("queue", c.raw().get("queue"), "a queue name without spaces, such as stampede");
        }
        List<TaskSpec> tasks = new ArrayList<>();
        if (c.has("tasks")) {
            ConfigSection t = c.child("tasks");
            t.raw().fieldNames().forEachRemaining(name -> tasks.add(task(t, name)));
            if (tasks.isEmpty()) throw c.bad("tasks", c.raw().get("tasks"), "a mapping of task names to settings, such as "
                    + "{myapp.tasks.report: {weight: 1, kwargs: {user_id: 1}}}");
        }
        String prefix = c.string("global_keyprefix", "");
        if (prefix.chars().anyMatch(Character::isWhitespace)) throw c.bad("global_keyprefix", c.raw().get("global_keyprefix"), "a prefix without spaces");
        return new CeleryConfig(broker, backend, queue, tasks, c.enumValue("await", CeleryConfig.Await.class, CeleryConfig.Await.RESULT),
                c.duration("result_timeout", Duration.ofSeconds(30), 1, false), c.duration("consumer_timeout", Duration.ofSeconds(5), 1, false),
                c.duration("drain_timeout", Duration.ofSeconds(60), 1, true), prefix, c.integer("connections", 4, 1, 256),
                c.enumValue("worker", CeleryConfig.Worker.class, CeleryConfig.Worker.AUTO), c.integer("worker_concurrency", 4, 1, 256),
                c.integer("worker_prefetch", 4, 1, 1000), c.bool("monitors", true));
    }

    private static TaskSpec task(ConfigSection tasks, String name) {
        if (name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
            throw tasks.bad(name, tasks.raw().get(name), "settings under a registered task name without spaces");
        }
        JsonNode node = tasks.raw().get(name);
        if (node == null || node.isNull()) return new TaskSpec(name, 1, List.of(), Map.of(), List.of(), Map.of(), null, null, Duration.ZERO, Duration.ZERO);
        ConfigSection t = tasks.child(name);
        t.allowOnly(TASK_KEYS);
        List<Object> args = List.of();
        if (t.has("args")) {
            JsonNode a = t.raw().get("args");
            if (!a.isArray()) throw t.bad("args", a, "a list of JSON values, such as [1, \"x\"]");
            args = JSON.convertValue(a, JSON.getTypeFactory().constructCollectionType(List.class, Object.class));
        }
        Map<String, Object> kwargs = Map.of();
        if (t.has("kwargs")) {
            JsonNode k = t.raw().get("kwargs");
            if (!k.isObject()) throw t.bad("kwargs", k, "a mapping of argument names to JSON values, such as {ms: 10}");
            kwargs = JSON.convertValue(k, JSON.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class));
        }
        List<Map<String, Object>> list = new ArrayList<>();
        if (t.has("kwargs_list")) {
            JsonNode l = t.raw().get("kwargs_list");
            if (!l.isArray() || l.isEmpty()) throw t.bad("kwargs_list", l, "a non-empty list of mappings, one drawn per task");
            for (JsonNode e : l) {
                if (!e.isObject()) throw t.bad("kwargs_list", l, "a list of mappings (each one task's keyword arguments)");
                list.add(JSON.convertValue(e, JSON.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class)));
            }
        }
        Map<String, ParamGenerator> params = new LinkedHashMap<>();
        if (t.has("kwargs_params")) {
            ConfigSection ps = t.child("kwargs_params");
            ps.raw().fieldNames().forEachRemaining(k -> params.put(k, ParamGenerator.of(param(ps.child(k)))));
        }
        return new TaskSpec(name, t.number("weight", 1.0, 0.000001, 1e9), args, kwargs, list, params, blankToNull(t.string("queue", null)),
                t.integer("priority", null, 0, 255), t.duration("countdown", Duration.ZERO, 1, true), t.duration("expires", Duration.ZERO, 1, true));
    }

    /** One generated keyword argument, read exactly as the custom workload reads a statement parameter. */
    private static CustomStatement.ParamSpec param(ConfigSection r) {
        return dev.stampede.core.config.ConfigBinder.param(r);
    }

    private static String blankToNull(String s) { return s == null || s.isBlank() ? null : s; }

    @Override
    public List<WorkloadType> workloads() {
        return List.of(new WorkloadType("celery", "Celery tasks by name (args/kwargs, weights, queue, priority, countdown, expires) published "
                + "in protocol v2 JSON; the probe tasks stampede_probe.* by default"));
    }

    @Override public List<ScenarioSpec> scenarios() { return CelerySuite.scenarios(); }

    @Override public Map<String, List<String>> scenarioSets() { return Map.of(CelerySuite.NAME, CelerySuite.names()); }

    @Override public List<ReportSection> reportSections() { return List.of(new CelerySection()); }

    @Override public List<ErrorClass> errorClasses() { return CeleryErrors.ALL; }

    @Override public Set<String> thresholdKeys() { return Set.of(CeleryAdvisor.MAX_QUEUE_LENGTH); }

    @Override
    public Target open(TargetSettings settings, SessionContext context) throws TargetUnreachableException {
        return CeleryTarget.open((CeleryConfig) settings, context);
    }

    @Override
    public int clean(TargetSettings settings, PrintWriter out) {
        out.println("celery: nothing to clean; Stampede deletes its own submit queue and this run's result keys (celery-task-meta-<run "
                + "prefix>*) after each scenario, and never purges a queue it did not create.");
        return 0;
    }
}
