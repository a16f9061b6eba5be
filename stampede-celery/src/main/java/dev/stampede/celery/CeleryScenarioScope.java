package dev.stampede.celery;

import dev.stampede.celery.broker.AmqpBroker;
import dev.stampede.celery.broker.Broker;
import dev.stampede.celery.broker.QueueDepth;
import dev.stampede.celery.health.CeleryAdvisor;
import dev.stampede.celery.health.CeleryReport;
import dev.stampede.core.advisor.Recommendation;
import dev.stampede.core.api.Monitor;
import dev.stampede.core.api.TargetUnreachableException;
import dev.stampede.core.api.Workload;
import dev.stampede.core.config.ConfigException;
import dev.stampede.core.engine.NanoClock;
import dev.stampede.core.engine.PhaseListener;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.target.ScenarioFindings;
import dev.stampede.core.target.ScenarioScope;
import dev.stampede.core.target.ScenarioUse;
import dev.stampede.core.util.Secrets;
import dev.stampede.core.verdict.MetricVerdict;
import dev.stampede.core.verdict.Status;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Celery's part in one scenario: the workload (tasks published through the broker, followed on the result backend),
 * the queue monitor, and a sweeper thread that counts tasks past the result timeout and watches for a queue without
 * consumer. After the load it waits for the backlog to drain (up to the drain timeout), cross-checks its completions
 * against the states on the result backend, removes this scenario's result keys and (publish-only scenario) its own
 * queue, and builds the Celery section. Session thread only, except {@link #abort()} and the sweeper.
 */
final class CeleryScenarioScope implements ScenarioScope {
    private static final long SWEEP_NANOS = 100_000_000L, TAIL_NANOS = 1_500_000_000L;
    private final CeleryTarget target;
    private final ScenarioUse use;
    private final CeleryConfig config;
    private final CelerySuite.Tuning tuning;
    private final String runPrefix;
    private final String queue;
    private final boolean follow;
    private final TaskTracker tracker;
    private final QueueMonitor monitor;
    private final ResultSubscription subscription;
    private final EventSubscription events;
    private final CeleryWorkload workload;
    private final NanoClock clock = NanoClock.SYSTEM;
    private final Thread sweeper;
    private volatile boolean closed;
    private volatile long loadStartNanos, loadEndNanos;
    private volatile QueueDepth atLoadEnd;
    /** TTL in seconds of one of this scenario's result keys when they were checked; -1 when none was read. */
    private long resultTtl = -1;

    private CeleryScenarioScope(CeleryTarget target, ScenarioUse use, CeleryConfig config, CelerySuite.Tuning tuning, String queue,
                                boolean follow) throws Exception {
        this.target = target;
        this.use = use;
        this.config = config;
        this.tuning = tuning;
        this.queue = queue;
        this.follow = follow;
        this.runPrefix = String.format(Locale.ROOT, "%08x", new java.util.Random().nextInt());
        List<TaskSpec> tasks = config.effectiveTasks();
        List<String> names = new ArrayList<>();
        Set<String> queues = new LinkedHashSet<>();
        for (TaskSpec t : tasks) {
            names.add(t.name());
            queues.add(t.queue() == null ? queue : t.queue());
        }
        boolean awaitResult = config.await() == CeleryConfig.Await.RESULT && follow;
        String queueText = "'" + String.join("', '", queues) + "'";
        this.tracker = new TaskTracker(clock, names, awaitResult, config.resultTimeout().toNanos(), config.consumerTimeout().toNanos(),
                queueText, target.startHint());
        this.monitor = new QueueMonitor(target.publisher(), new ArrayList<>(queues), tracker, clock);
        tracker.runPrefix(runPrefix);
        this.subscription = follow && target.backend() != null ? ResultSubscription.open(target.backend(), runPrefix, tracker::onMeta) : null;
        this.events = follow && target.broker().isRedis() ? EventSubscription.open(target.broker().redis(), config.globalKeyprefix(), tracker)
                : null;
        this.workload = new CeleryWorkload(tasks, queue, target.publisher(), tracker, clock, runPrefix, follow);
        LocalWorker w = target.worker();
        java.io.PrintWriter console = target.context().out();
        tracker.onStall(message -> {
            console.println("celery: " + message);
            console.flush();
        });
        this.sweeper = Thread.ofPlatform().daemon().name("stampede-celery-sweeper").start(() -> sweep(w));
    }

    static CeleryScenarioScope begin(CeleryTarget target, ScenarioUse use) throws Exception {
        String name = use.scenario().plan().name();
        CelerySuite.Tuning tuning = use.drivesLoad() ? CelerySuite.tuning(name) : CelerySuite.Tuning.NONE;
        CeleryConfig base = target.config();
        CeleryConfig c = base.with(tuning.tasks().isEmpty() ? base.tasks() : tuning.tasks(), tuning.await() == null ? base.await() : tuning.await(),
                base.queue());
        String queue = c.queue();
        boolean follow = !tuning.ownQueue();
        if (tuning.ownQueue()) {
            queue = base.queue() + "-submit-" + ProcessHandle.current().pid();
            Broker b = target.publisher();
            if (!b.absent(queue)) {
                throw new ConfigException("queue '" + queue + "' already exists on " + target.broker().redacted() + "; Stampede deletes only "
                        + "queues it created, so scenario '" + name + "' will not use it: remove it yourself or set celery.queue to another name");
            }
            if (b instanceof AmqpBroker a) a.declareOwnQueue(queue);
        } else if (use.drivesLoad() && target.publisher() instanceof AmqpBroker a) {
            awaitConsumer(target, a, c);
        }
        return new CeleryScenarioScope(target, use, c, tuning, queue, follow);
    }

    /** AMQP tells the consumer count: wait up to the consumer timeout for one, so "no worker" is said before the load. */
    private static void awaitConsumer(CeleryTarget target, AmqpBroker a, CeleryConfig c) throws Exception {
        long deadline = System.nanoTime() + c.consumerTimeout().toNanos();
        QueueDepth d;
        do {
            d = a.depth(c.queue());
            if (d.consumers() > 0) return;
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new TargetUnreachableException("no worker consumes queue '" + c.queue() + "' on " + target.broker().redacted() + " ("
                + (d.consumers() == 0 && d.ready() == 0 ? "no consumer" : d.ready() + " messages ready, no consumer") + " for "
                + c.consumerTimeout().toSeconds() + " s); start one with " + target.startHint(), null);
    }

    private void sweep(LocalWorker w) {
        long nextCheck = 0;
        while (!closed) {
            long now = clock.nanoTime();
            boolean check = follow && now >= nextCheck;
            if (check) nextCheck = now + 1_000_000_000L;
            try {
                tracker.sweep(now, TAIL_NANOS, monitor::depth, () -> w == null ? null : w.exitMessage(), check);
                clock.sleepUntil(now + SWEEP_NANOS);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // one bad round (the broker did not answer) must not end the sweeping
            }
        }
    }

    @Override public Workload workload() { return use.drivesLoad() ? workload : null; }

    @Override
    public String workloadDescription() {
        if (!use.drivesLoad()) return null;
        StringBuilder b = new StringBuilder("celery (");
        for (TaskSpec t : config.effectiveTasks()) b.append(t.name()).append(t.kwargs().isEmpty() ? "" : t.kwargs().toString()).append(", ");
        b.append("queue ").append(queue).append(", attempts end at the ").append(follow ? config.await().name().toLowerCase(Locale.ROOT)
                : "publish, no consumer").append(')');
        return b.toString();
    }

    @Override public List<Monitor> monitors() { return config.monitors() ? List.of(monitor) : List.of(); }

    @Override public int poolMax() { return config.connections(); }

    @Override
    public PhaseListener phaseListener() {
        return new PhaseListener() {
            @Override
            public void phaseStarted(PhasePlan phase) {
                tracker.recording(phase.recorded());
                long now = clock.nanoTime();
                if (phase.recorded() && loadStartNanos == 0) loadStartNanos = now;
                tracker.loadEnds(phase.duration() == null ? Long.MAX_VALUE : now + phase.duration().toNanos());
            }

            @Override
            public void phaseEnded(PhasePlan phase) {
                if (!phase.recorded()) return;
                loadEndNanos = clock.nanoTime();
                tracker.loadEnds(loadEndNanos);
                try {
                    atLoadEnd = monitor.depth();
                } catch (RuntimeException e) {
                    atLoadEnd = null;
                }
            }
        };
    }

    @Override
    public void abort() {
        tracker.abortPending();
    }

    @Override
    public ScenarioFindings finish(ScenarioRun run) throws Exception {
        if (!use.drivesLoad()) return ScenarioFindings.NONE;
        long end = loadEndNanos == 0 ? clock.nanoTime() : loadEndNanos;
        Double drain = follow ? drain(end) : null;
        int expired = follow ? tracker.expireAll() : 0;
        TaskStats.Snapshot all = tracker.all();
        long backendFinal = -1;
        String crossCheck = null;
        if (follow) {
            backendFinal = backendStates();
            if (backendFinal >= 0) {
                long ours = all.completed();
                crossCheck = backendFinal == ours ? "Stampede saw " + ours + " final states; the result backend holds the same number"
                        : "Stampede saw " + ours + " final states, the result backend holds " + backendFinal
                        + (backendFinal > ours ? " (states that arrived after Stampede stopped waiting, or were missed by the subscription)"
                        : " (results expired or were removed before the check)");
            }
            if (tracker.eventsSeen() > 0) {
                String ev = "worker events: " + tracker.eventsFinal() + " task-succeeded/task-failed for this run's tasks";
                crossCheck = crossCheck == null ? ev : crossCheck + "; " + ev + (tracker.eventsFinal() == all.completed() ? " (agree)"
                        : " (differ: events are plain pub/sub, lost while nobody listens, and batched by prefork workers)");
            }
        } else {
            try {
                long len = monitor.depth().ready();
                long acked = tracker.submitted();   // warm-up included: the queue holds those too
                crossCheck = len == acked ? "queue '" + queue + "' holds " + len + " messages, as many as the broker acknowledged"
                        : "queue '" + queue + "' holds " + len + " messages, the broker acknowledged " + acked;
                target.publisher().deleteOwnQueue(queue);
            } catch (Exception e) {
                target.context().note("could not remove Stampede's own queue '" + queue + "': " + Secrets.redact(e.getMessage()));
            }
        }
        List<double[]> series = monitor.series();
        long maxLen = 0;
        for (double[] p : series) maxLen = Math.max(maxLen, (long) p[1]);
        double measured = Math.max(1e-9, run.measuredSeconds());
        QueueDepth e = atLoadEnd;
        Map<String, Object> expected = new LinkedHashMap<>();
        String name = run.plan().name();
        if (name.equals(CelerySuite.FAILURES)) expected.put("failure_rate", CelerySuite.FAIL_RATE);
        if (name.equals(CelerySuite.RETRIES)) expected.put("retries_per_task", CelerySuite.RETRY_TIMES);
        if (expired > 0) expected.put("never_completed_at_end", expired);
        CeleryReport r = new CeleryReport(target.broker().redacted(), target.backend() == null ? null : target.backend().redacted(), queue,
                follow ? config.await().name().toLowerCase(Locale.ROOT) : "publish", target.workerLine(), tracker.snapshot(), all,
                all.submitted() / measured, all.completed() / measured, maxLen, e == null ? 0 : e.backlog(), growth(series), drain,
                series, backendFinal < 0 ? null : backendFinal, crossCheck, tracker.stalled(), expected);
        List<MetricVerdict> verdicts = new ArrayList<>();
        if (follow) verdicts.add(CeleryAdvisor.queueLength(r, use.thresholds(), tuning.overload()));
        verdicts.addAll(suiteVerdicts(name, r));
        List<Recommendation> recs = new ArrayList<>(CeleryAdvisor.advise(r));
        if (resultTtl >= 0 && resultTtl < 3600) {
            recs.add(new Recommendation("medium", "Results expire soon", String.format(Locale.ROOT, "this scenario's result keys had %d s left "
                    + "when Stampede checked them (result_expires)", resultTtl), "a client that reads a result later than that finds PENDING: "
                    + "raise result_expires to beyond the slowest reader, or do not rely on stored results"));
        }
        if (tracker.stalled() != null) target.context().note("scenario '" + name + "': " + tracker.stalled());
        if (all.notRegistered() > 0) {
            target.context().note("scenario '" + name + "': " + all.notRegistered() + " tasks failed with NotRegistered: the worker consuming "
                    + "queue '" + queue + "' does not know the task name; load its module (celery worker --include) or fix celery.tasks");
        }
        return new ScenarioFindings(verdicts, recs, Map.of(CeleryReport.KEY, r));
    }

    /** Waits until Stampede has no pending task and the broker's backlog is empty; seconds from the load's end, or null. */
    private Double drain(long end) throws InterruptedException {
        long deadline = clock.nanoTime() + config.drainTimeout().toNanos();
        while (true) {
            QueueDepth d = null;
            try {
                d = monitor.depth();
                monitor.point(d);
            } catch (RuntimeException ex) {
                // the broker did not answer; try again until the deadline
            }
            long now = clock.nanoTime();
            if (tracker.pendingCount() == 0 && d != null && d.backlog() == 0) return (now - end) / 1e9;
            if (tracker.stalled() != null || now >= deadline) return null;
            clock.sleepUntil(now + 200_000_000L);
        }
    }

    /** Least-squares slope of the ready count over the loaded window, tasks/s; null with fewer than 3 points. */
    private Double growth(List<double[]> series) {
        double from = (loadStartNanos - monitor.startNanos()) / 1e9, to = ((loadEndNanos == 0 ? clock.nanoTime() : loadEndNanos)
                - monitor.startNanos()) / 1e9;
        double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (double[] p : series) {
            if (p[0] < from || p[0] > to + 0.5) continue;
            n++;
            sx += p[0];
            sy += p[1];
            sxx += p[0] * p[0];
            sxy += p[0] * p[1];
        }
        if (n < 3 || n * sxx - sx * sx == 0) return null;
        return (n * sxy - sx * sy) / (n * sxx - sx * sx);
    }

    /** Final states of this scenario's tasks on the result backend; then removes those keys (ours: our ids). -1 when unreadable. */
    private long backendStates() {
        RedisClusterCommands<String, String> r = target.backendCommands();
        if (r == null) return -1;
        long finals = 0;
        try {
            ScanCursor cursor = ScanCursor.INITIAL;
            ScanArgs args = ScanArgs.Builder.matches("celery-task-meta-" + runPrefix + "*").limit(1000);
            do {
                KeyScanCursor<String> c = r.scan(cursor, args);
                if (!c.getKeys().isEmpty()) {
                    if (resultTtl < 0) resultTtl = r.ttl(c.getKeys().get(0));
                    for (var kv : r.mget(c.getKeys().toArray(String[]::new))) {
                        if (kv.hasValue() && (kv.getValue().contains("\"SUCCESS\"") || kv.getValue().contains("\"FAILURE\""))) finals++;
                    }
                    r.unlink(c.getKeys().toArray(String[]::new));
                }
                cursor = c;
            } while (!cursor.isFinished());
            return finals;
        } catch (RuntimeException e) {
            target.context().note("the result backend check failed: " + Secrets.redact(e.getMessage()));
            return -1;
        }
    }

    private List<MetricVerdict> suiteVerdicts(String name, CeleryReport r) {
        List<MetricVerdict> out = new ArrayList<>();
        TaskStats.Snapshot a = r.all();
        switch (name) {
            case CelerySuite.COMPLETION -> {
                double ratio = a.submitted() == 0 ? 0 : a.succeeded() / (double) a.submitted();
                out.add(new MetricVerdict("celery_completion_ratio", "Celery tasks completed successfully of those submitted", ratio, "ratio", 0.99,
                        ">=", ratio >= 0.99 ? Status.PASSED : Status.FAILED, null, f("%d of %d succeeded, %d failed, %d never completed",
                        a.succeeded(), a.submitted(), a.failed(), a.unknown())));
            }
            case CelerySuite.FAILURES -> {
                long n = a.completed();
                double rate = n == 0 ? 0 : a.failed() / (double) n;
                double p = CelerySuite.FAIL_RATE, tol = Math.max(0.03, 4 * Math.sqrt(p * (1 - p) / Math.max(1, n)));
                boolean ok = n > 0 && Math.abs(rate - p) <= tol;
                out.add(new MetricVerdict("celery_failure_rate", "Celery failure rate against the probe's", rate, "ratio", p, "=",
                        ok ? Status.PASSED : Status.FAILED, null, f("%d of %d tasks failed (probe told to fail %.0f %%, tolerance ±%.3f); by type %s",
                        a.failed(), n, p * 100, tol, a.failuresByType())));
            }
            case CelerySuite.RETRIES -> {
                long tasks = a.completed();
                long expectedRetries = tasks * CelerySuite.RETRY_TIMES;
                boolean ok = tasks > 0 && a.retries() == expectedRetries && a.retriedTasks() == tasks;
                out.add(new MetricVerdict("celery_retries", "Celery RETRY states against the probe's", a.retries(), "retries", (double) expectedRetries,
                        "=", ok ? Status.PASSED : Status.FAILED, null, f("%d retries for %d finished tasks (probe retries %d times each); "
                        + "%d tasks ended after retrying", a.retries(), tasks, CelerySuite.RETRY_TIMES, a.retriedTasks())));
            }
            case CelerySuite.OVERLOAD -> {
                if (r.growthPerSecond() != null) {
                    out.add(new MetricVerdict("celery_queue_growth", "Celery queue growth under overload", r.growthPerSecond(), "tasks/s", null,
                            ">=", Status.PASSED, null, f("max %d ready; backlog %d at the load's end; %s", r.maxQueueLength(), r.backlogAtLoadEnd(),
                            r.drainSeconds() == null ? "did not drain within the drain timeout" : f("drained in %.1f s", r.drainSeconds()))));
                }
                if (r.drainSeconds() != null) {
                    out.add(new MetricVerdict("celery_drain_seconds", "Celery backlog drain time after the load", r.drainSeconds(), "s", null, "<=",
                            Status.PASSED, null, f("backlog of %d drained at %.1f completed/s", r.backlogAtLoadEnd(),
                            r.drainSeconds() > 0 ? r.backlogAtLoadEnd() / r.drainSeconds() : 0)));
                } else {
                    out.add(new MetricVerdict("celery_drain_seconds", "Celery backlog drain time after the load", config.drainTimeout().toSeconds(),
                            "s", (double) config.drainTimeout().toSeconds(), "<=", Status.WARNING, null, "the backlog did not drain within the "
                            + "drain timeout (celery.drain_timeout)"));
                }
            }
            case CelerySuite.SUBMIT -> out.add(new MetricVerdict("celery_submit_rate", "Celery task submission rate (broker-acknowledged)",
                    r.submittedPerSecond(), "tasks/s", null, ">=", Status.PASSED, null, f("%d tasks acknowledged by the broker, publish p99 %s ms",
                    a.submitted(), a.publishLatency() == null ? "-" : f("%.3f", a.publishLatency().get("p99_ms")))));
            default -> {
            }
        }
        return out;
    }

    private static String f(String format, Object... args) { return String.format(Locale.ROOT, format, args); }

    @Override
    public void close() {
        closed = true;
        sweeper.interrupt();
        if (subscription != null) subscription.close();
        if (events != null) events.close();
    }
}
