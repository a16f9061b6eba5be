package dev.stampede.celery;

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
 * @param queue      the queue to publish to; null for {@code celery.queue}
 * @param priority   the message priority (Redis: 0 is the most urgent, steps 0/3/6/9; RabbitMQ: higher is more urgent); null for none
 * @param countdown  delay before the worker may run it (sent as an ETA); zero for none
 * @param expires    the task expires this long after it is sent; zero for never
 */
public record TaskSpec(String name, double weight, List<Object> args, Map<String, Object> kwargs, List<Map<String, Object>> kwargsList,
                       String queue, Integer priority, Duration countdown, Duration expires) {
    public TaskSpec {
        args = args == null ? List.of() : List.copyOf(args);
        kwargs = kwargs == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(kwargs));
        kwargsList = kwargsList == null ? List.of() : List.copyOf(kwargsList);
        countdown = countdown == null ? Duration.ZERO : countdown;
        expires = expires == null ? Duration.ZERO : expires;
    }

    /** A probe task with fixed keyword arguments. */
    public static TaskSpec probe(String task, Map<String, Object> kwargs) {
        return new TaskSpec("stampede_probe." + task, 1, List.of(), kwargs, List.of(), null, null, Duration.ZERO, Duration.ZERO);
    }

    /** The keyword arguments of one task: the fixed ones, or one entry of the list drawn with {@code random}. */
    public Map<String, Object> kwargsFor(java.util.SplittableRandom random) {
        return kwargsList.isEmpty() ? kwargs : kwargsList.get(random.nextInt(kwargsList.size()));
    }
}
