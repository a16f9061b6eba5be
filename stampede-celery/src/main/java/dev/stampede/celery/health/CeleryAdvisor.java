package dev.stampede.celery.health;

import dev.stampede.celery.TaskStats;
import dev.stampede.core.advisor.Recommendation;
import dev.stampede.core.config.Thresholds;
import dev.stampede.core.verdict.MetricVerdict;
import dev.stampede.core.verdict.Status;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Verdicts and advice from a scenario's {@link CeleryReport}. The queue length against {@code max_celery_queue_length}
 * (seed 000's {@code celery_queue_length}, 1000 by default; only a warning in a scenario built to overload); and advice
 * only with evidence: saturated workers (the queue grows while run time stays flat, with the concurrency that would hold
 * the rate by Little's law), a slow task, uneven work across worker processes while tasks waited (prefetch), no
 * consumer, a slow result backend, retries amplifying the load. Stateless.
 */
public final class CeleryAdvisor {
    public static final String MAX_QUEUE_LENGTH = "max_celery_queue_length";
    static final double DEFAULT_MAX_QUEUE_LENGTH = 1000;

    private CeleryAdvisor() {
    }

    public static MetricVerdict queueLength(CeleryReport r, Thresholds t, boolean overload) {
        double max = t.targetLimits().getOrDefault(MAX_QUEUE_LENGTH, DEFAULT_MAX_QUEUE_LENGTH);
        boolean ok = r.maxQueueLength() <= max;
        return new MetricVerdict("celery_queue_length", "Celery queue length (max sampled on the broker)", r.maxQueueLength(), "tasks", max, "<=",
                ok ? Status.PASSED : overload ? Status.WARNING : Status.FAILED, null,
                f("queue '%s': max %d ready; backlog at the load's end %d%s%s", r.queue(), r.maxQueueLength(), r.backlogAtLoadEnd(),
                        r.growthPerSecond() == null ? "" : f(", growth %.1f tasks/s", r.growthPerSecond()),
                        overload && !ok ? " (this scenario overloads on purpose: a warning, not a failure)" : ""));
    }

    public static List<Recommendation> advise(CeleryReport r) {
        List<Recommendation> out = new ArrayList<>();
        TaskStats.Snapshot a = r.all();
        if (r.stalled() != null) {
            out.add(new Recommendation("high", "No worker consumes the queue", r.stalled(),
                    "start a worker on queue '" + r.queue() + "' (celery -A yourapp worker -Q " + r.queue() + " --include stampede_probe), "
                            + "or point celery.queue at a queue your workers read"));
        }
        Map<String, Double> run = a.runTime();
        if (r.growthPerSecond() != null && r.growthPerSecond() > 1 && r.backlogAtLoadEnd() > 0 && run != null) {
            double runMs = run.get("mean_ms");
            double needed = r.submittedPerSecond() * runMs / 1000;
            out.add(new Recommendation("high", "Workers saturated", f("the queue grew %.1f tasks/s (backlog %d at the load's end) at %.0f "
                            + "submitted/s against %.0f completed/s, while run time stayed at a mean of %.1f ms (p95 %.1f)",
                    r.growthPerSecond(), r.backlogAtLoadEnd(), r.submittedPerSecond(), r.completedPerSecond(), runMs, run.get("p95_ms")),
                    f("hold %.0f tasks/s with about %d worker processes in all (rate x run time = %.1f busy, plus 25 %% headroom): raise "
                            + "--concurrency or add workers, or make the task faster", r.submittedPerSecond(), (int) Math.ceil(needed * 1.25), needed)));
        }
        if (run != null && run.get("p95_ms") > 1000) {
            out.add(new Recommendation("medium", "Slow task", f("run time p95 %.0f ms, mean %.0f ms over %.0f tasks", run.get("p95_ms"),
                    run.get("mean_ms"), run.get("count")), "move the slow part out of the request path, split the task, or give it a queue "
                    + "and workers of its own so short tasks do not wait behind it"));
        }
        if (a.byWorker().size() >= 2 && r.maxQueueLength() > 0) {
            long min = a.byWorker().values().stream().mapToLong(Long::longValue).min().orElse(0);
            long max = a.byWorker().values().stream().mapToLong(Long::longValue).max().orElse(0);
            if (min * 3 < max && max >= 20) {
                out.add(new Recommendation("medium", "Uneven work across worker processes (prefetch)", f("%d processes ran between %d and %d "
                        + "tasks while up to %d waited in the queue: some processes held prefetched tasks while others idled", a.byWorker().size(),
                        min, max, r.maxQueueLength()), "set worker_prefetch_multiplier=1 (and task_acks_late=True for long tasks), or run "
                        + "the worker with -O fair"));
            }
        }
        Map<String, Double> d = a.resultDelivery();
        if (d != null && d.get("p95_ms") > 100) {
            out.add(new Recommendation("medium", "Result backend slow", f("from the task's end to its state seen by Stampede: p95 %.1f ms, "
                    + "mean %.1f ms", d.get("p95_ms"), d.get("mean_ms")), "check the result backend's latency and load (SETEX + PUBLISH per "
                    + "state); ignore results you do not read (ignore_result=True) or use a backend of their own"));
        }
        if (a.submitted() > 0 && a.retries() > 0.1 * a.submitted()) {
            out.add(new Recommendation("medium", "Retries amplify the load", f("%d retries for %d tasks: the workers ran %.1fx the submitted work",
                    a.retries(), a.submitted(), (a.submitted() + a.retries()) / (double) a.submitted()), "find why tasks fail; retry with "
                    + "exponential backoff and jitter (retry_backoff=True, retry_jitter=True) and a bounded max_retries"));
        }
        return out;
    }

    static String f(String format, Object... args) { return String.format(Locale.ROOT, format, args); }
}
