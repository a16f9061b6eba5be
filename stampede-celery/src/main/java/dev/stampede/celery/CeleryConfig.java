package dev.stampede.celery;

import dev.stampede.core.config.Durations;
import dev.stampede.core.target.TargetSettings;
import dev.stampede.core.util.Secrets;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code celery} section: where the broker and the result backend are, what Stampede sends and how long it waits.
 * Immutable. URLs may hold passwords: print them only through {@link BrokerUrl#redacted()} or {@link Secrets}.
 *
 * @param brokerUrl         CELERY_BROKER_URL: {@code redis://...} or {@code amqp://...}; null for the embedded default
 * @param resultBackend     CELERY_RESULT_BACKEND: {@code redis://...}; null for the broker's Redis (or none on AMQP)
 * @param queue             the queue Stampede publishes to by default ({@code stampede}: never production traffic)
 * @param tasks             what is sent; empty for the probe's {@code stampede_probe.sleep(ms=10)}
 * @param await             what ends an attempt: the task's final state (result) or the broker's acknowledgement (publish)
 * @param resultTimeout     a task with no final state this long after it was sent is counted once as never completed
 * @param consumerTimeout   no task taken from the queue and no result for this long while tasks wait: no consumer
 * @param drainTimeout      after the load, how long to wait for the backlog to drain
 * @param globalKeyprefix   the workers' {@code broker_transport_options['global_keyprefix']} (Redis broker), or empty
 * @param connections       broker connections for publishing
 * @param worker            start a local probe worker: auto (only for the embedded broker), local (always), none
 * @param workerConcurrency the local worker's {@code --concurrency}
 * @param workerPrefetch    the local worker's {@code worker_prefetch_multiplier}
 * @param monitors          sample the broker's queue length during the run
 */
public record CeleryConfig(String brokerUrl, String resultBackend, String queue, List<TaskSpec> tasks, Await await,
                           Duration resultTimeout, Duration consumerTimeout, Duration drainTimeout, String globalKeyprefix,
                           int connections, Worker worker, int workerConcurrency, int workerPrefetch, boolean monitors)
        implements TargetSettings {

    /** What ends an attempt. */
    public enum Await { RESULT, PUBLISH }

    /** When Stampede starts a local worker for the probe tasks. */
    public enum Worker { AUTO, LOCAL, NONE }

    public static final TaskSpec DEFAULT_TASK = TaskSpec.probe("sleep", Map.of("ms", 10));

    public CeleryConfig {
        tasks = List.copyOf(tasks);
        globalKeyprefix = globalKeyprefix == null ? "" : globalKeyprefix;
    }

    @Override public boolean configured() { return brokerUrl != null; }

    /** The tasks to send: the configured ones or the default probe task. */
    public List<TaskSpec> effectiveTasks() { return tasks.isEmpty() ? List.of(DEFAULT_TASK) : tasks; }

    /** Whether a local worker is started for this run. */
    public boolean startsWorker() { return worker == Worker.LOCAL || worker == Worker.AUTO && brokerUrl == null; }

    @Override
    public Map<String, Object> echo() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("broker_url", brokerUrl == null ? "(embedded Redis)" : Secrets.redact(brokerUrl));
        m.put("result_backend", resultBackend == null ? "(the broker's Redis)" : Secrets.redact(resultBackend));
        m.put("queue", queue);
        List<String> t = new ArrayList<>();
        for (TaskSpec s : effectiveTasks()) t.add(s.name() + (s.weight() == 1 ? "" : " x" + s.weight()));
        m.put("tasks", t);
        m.put("await", await.name().toLowerCase(java.util.Locale.ROOT));
        m.put("result_timeout", Durations.format(resultTimeout));
        m.put("consumer_timeout", Durations.format(consumerTimeout));
        m.put("drain_timeout", Durations.format(drainTimeout));
        if (!globalKeyprefix.isEmpty()) m.put("global_keyprefix", globalKeyprefix);
        m.put("connections", connections);
        m.put("worker", worker.name().toLowerCase(java.util.Locale.ROOT));
        if (startsWorker()) {
            m.put("worker_concurrency", workerConcurrency);
            m.put("worker_prefetch", workerPrefetch);
        }
        m.put("monitors", monitors);
        return m;
    }

    /** The same settings with other tasks, another await mode and queue (a suite scenario's own). */
    public CeleryConfig with(List<TaskSpec> newTasks, Await newAwait, String newQueue) {
        return new CeleryConfig(brokerUrl, resultBackend, newQueue, newTasks, newAwait, resultTimeout, consumerTimeout, drainTimeout,
                globalKeyprefix, connections, worker, workerConcurrency, workerPrefetch, monitors);
    }

    @Override
    public String toString() {
        return "CeleryConfig[broker=" + (brokerUrl == null ? "embedded" : Secrets.redact(brokerUrl)) + ", queue=" + queue + "]";
    }
}
