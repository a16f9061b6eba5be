package dev.stampede.celery;

import dev.stampede.core.gen.ParamGenerator;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One task Stampede sends, by Celery name, as configured under {@code celery.tasks} (or a suite scenario's probe
 * task). Immutable.
 *
 * @param name       the registered task name, for example {@code stampede_probe.sleep} or {@code myapp.tasks.report}
 * @param weight     share of the attempts, relative to the other tasks' weights
 * @param args       positional arguments (JSON values)
 * @param kwargs     keyword arguments; when {@code kwargsList} is not empty one of its entries is drawn per task instead
 * @param kwargsList alternative keyword arguments, one drawn at random per task
 * @param kwargsParams keyword arguments drawn per task from Stampede's parameter generators (the custom workload's
 *                   {@code type: int|double|string|uuid|timestamp|text|bool}), added to the fixed or drawn ones
 * @param queue      the queue to publish to; null for {@code celery.queue}
 * @param priority   the message priority (Redis: 0 is the most urgent, steps 0/3/6/9; RabbitMQ: higher is more urgent); null for none
 * @param countdown  delay before the worker may run it (sent as an ETA); zero for none
 * @param expires    the task expires this long after it is sent; zero for never
 */
public record TaskSpec(String name, double weight, List<Object> args, Map<String, Object> kwargs, List<Map<String, Object>> kwargsList,
                       Map<String, ParamGenerator> kwargsParams, String queue, Integer priority, Duration countdown, Duration expires) {
    public TaskSpec {
        kwargsParams = kwargsParams == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(kwargsParams));
        args = args == null ? List.of() : List.copyOf(args);
        kwargs = kwargs == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(kwargs));
        kwargsList = kwargsList == null ? List.of() : List.copyOf(kwargsList);
        countdown = countdown == null ? Duration.ZERO : countdown;
        expires = expires == null ? Duration.ZERO : expires;
    }

    /** A probe task with fixed keyword arguments. */
    public static TaskSpec probe(String task, Map<String, Object> kwargs) {
        return new TaskSpec("stampede_probe." + task, 1, List.of(), kwargs, List.of(), Map.of(), null, null, Duration.ZERO, Duration.ZERO);
    }

    /** The keyword arguments of one task: the fixed ones, or one entry of the list drawn with {@code random}. */
    public Map<String, Object> kwargsFor(java.util.SplittableRandom random) {
        Map<String, Object> base = kwargsList.isEmpty() ? kwargs : kwargsList.get(random.nextInt(kwargsList.size()));
        if (kwargsParams.isEmpty()) return base;
        Map<String, Object> out = new java.util.LinkedHashMap<>(base);
        kwargsParams.forEach((k, g) -> out.put(k, jsonValue(g.next(random))));
        return out;
    }

    /** True when every task gets the same keyword arguments (they can be written once). */
    public boolean fixedKwargs() { return kwargsList.isEmpty() && kwargsParams.isEmpty(); }

    /** A generated value as JSON knows it: numbers, strings and booleans as they are, UUIDs and timestamps as ISO text. */
    static Object jsonValue(Object v) {
        return v instanceof Number || v instanceof String || v instanceof Boolean || v == null ? v : v.toString();
    }
}
