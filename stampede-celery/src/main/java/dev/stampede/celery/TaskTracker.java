package dev.stampede.celery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampede.celery.broker.QueueDepth;
import dev.stampede.core.api.Completion;
import dev.stampede.core.api.ErrorClass;
import dev.stampede.core.api.OperationContext;
import dev.stampede.core.api.Outcome;
import dev.stampede.core.engine.NanoClock;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Follows every task Stampede published in one scenario from its publish to its final state on the result backend,
 * and counts each exactly once: success, failure (by exception type), never completed (no final state within the
 * result timeout) or, when the run ends first, still pending. Times are on the engine's {@link NanoClock}; the
 * probe's worker timestamps (epoch seconds) are mapped onto it through one anchor taken at creation, so worker and
 * Stampede must share a clock (same host, or NTP; a task whose parts do not fit is counted as skewed).
 *
 * <p>It also decides when the queue has no consumer: tasks wait, none leaves the queue and no result arrives for
 * the consumer timeout (or the local worker exited). From then on every waiting and every new attempt fails with
 * {@link CeleryErrors#NO_CONSUMER}, a connection-loss class, so the engine ends the run as "target lost".
 *
 * <p>Thread-safety: {@link #started}, {@link #published} and {@link #publishFailed} come from the engine's users and
 * the broker client's threads, {@link #onMeta} from the result subscription's thread, {@link #sweep} from the
 * sweeper; state is in concurrent maps and atomics, each task's end decided by removing it from the pending map.
 */
public final class TaskTracker {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One task in flight. */
    static final class Pending {
        final int op;
        final long startNanos;
        final boolean recorded;
        final Completion done;
        final OperationContext context;
        volatile long publishedNanos;
        volatile int retries;
        /** task-started's timestamp (worker epoch seconds) from the worker's events, NaN until seen. */
        volatile double eventStarted = Double.NaN;

        Pending(int op, long startNanos, boolean recorded, Completion done, OperationContext context) {
            this.op = op;
            this.startNanos = startNanos;
            this.recorded = recorded;
            this.done = done;
            this.context = context;
        }
    }

    /** A clock pair read within this is taken as it is (two clock reads take well under a microsecond). */
    private static final long PAIR_BRACKET_NANOS = 20_000;
    private final NanoClock clock;
    private final List<TaskStats> stats;
    private final TaskStats all = new TaskStats("all");
    private final boolean awaitResult;
    private final long resultTimeoutNanos;
    private final long consumerTimeoutNanos;
    private final String queueText;
    private final String startHint;
    private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong submitted = new AtomicLong(), completed = new AtomicLong(), retries = new AtomicLong(),
            resultsSeen = new AtomicLong(), foreign = new AtomicLong(), eventsFinal = new AtomicLong(), eventsSeen = new AtomicLong();
    private volatile boolean recording = true;
    private volatile String stalled;
    private volatile java.util.function.Consumer<String> onStall;
    private volatile long loadEndNanos = Long.MAX_VALUE;
    private long lastProgressNanos;
    private long lastResults = -1;
    private long lastReady = Long.MAX_VALUE;

    /**
     * @param operations       task names by operation index
     * @param awaitResult      attempts end at the final state (else at the broker's acknowledgement)
     * @param queueText        the queue(s) for messages ("'stampede'")
     * @param startHint        how to start a worker, for the no-consumer message
     */
    public TaskTracker(NanoClock clock, List<String> operations, boolean awaitResult, long resultTimeoutNanos, long consumerTimeoutNanos,
                       String queueText, String startHint) {
        this.clock = clock;
        List<TaskStats> s = new ArrayList<>();
        for (String name : operations) s.add(new TaskStats(name));
        this.stats = List.copyOf(s);
        this.awaitResult = awaitResult;
        this.resultTimeoutNanos = resultTimeoutNanos;
        this.consumerTimeoutNanos = consumerTimeoutNanos;
        this.queueText = queueText;
        this.startHint = startHint;
        this.lastProgressNanos = clock.nanoTime();
    }

    public boolean awaitsResult() { return awaitResult; }

    /** Whether tasks started now count in the scenario's figures (false during a warm-up phase). */
    public void recording(boolean on) { recording = on; }

    /** The load's end (phase end) on the engine's clock: result-mode attempts still open shortly after are handed back. */
    public void loadEnds(long atNanos) { loadEndNanos = atNanos; }

    /** Told once, on the sweeper's thread, when the queue is found without consumer (the console shows it at once). */
    public void onStall(java.util.function.Consumer<String> listener) { onStall = listener; }

    /** The no-consumer message once decided, else null. */
    public String stalled() { return stalled; }

    /**
     * Registers a task about to be published. In result mode {@code done} ends the engine's attempt at its final state.
     *
     * @return false when the queue is known to have no consumer: the attempt has been failed already
     */
    boolean started(String id, int op, long startNanos, Completion done, OperationContext context) {
        String s = stalled;
        if (s != null) {
            done.complete(Outcome.failed(CeleryErrors.NO_CONSUMER, s));
            return false;
        }
        pending.put(id, new Pending(op, startNanos, recording, awaitResult ? done : null, awaitResult ? context : null));
        return true;
    }

    void published(String id, int op, long startNanos, long ackNanos, Completion done) {
        submitted.incrementAndGet();
        Pending p = pending.get(id);
        if (p == null ? recording : p.recorded) both(op, t -> t.published((ackNanos - startNanos) / 1000));
        if (p != null) p.publishedNanos = ackNanos;
        if (!awaitResult) done.complete(Outcome.OK);
    }

    void publishFailed(String id, int op, Outcome outcome, Completion done) {
        Pending p = pending.remove(id);
        if (p != null && p.recorded) both(op, TaskStats::publishFailed);
        done.complete(outcome);
    }

    /** Follows tasks only for their publish: forget them once acknowledged (a scenario without a consumer). */
    void forget(String id) { pending.remove(id); }

    /** A message from the result backend's channel {@code celery-task-meta-<id>}. */
    public void onMeta(String channel, String message) {
        String id = channel.substring(channel.lastIndexOf("celery-task-meta-") + "celery-task-meta-".length());
        Pending p = pending.get(id);
        if (p == null) {
            foreign.incrementAndGet();
            return;
        }
        long seen = clock.nanoTime();
        JsonNode m;
        try {
            m = JSON.readTree(message);
        } catch (java.io.IOException e) {
            return;
        }
        String status = m.path("status").asText("");
        switch (status) {
            case "RETRY" -> {
                resultsSeen.incrementAndGet();
                p.retries++;
                retries.incrementAndGet();
                if (p.recorded) both(p.op, TaskStats::retry);
                if (p.context != null) p.context.addRetry();
            }
            case "SUCCESS", "FAILURE", "REVOKED" -> {
                if (pending.remove(id) != p) return;
                resultsSeen.incrementAndGet();
                completed.incrementAndGet();
                finish(p, m, status, seen);
            }
            default -> resultsSeen.incrementAndGet();  // STARTED (task_track_started), PENDING, custom states
        }
    }

    private void finish(Pending p, JsonNode m, String status, long seen) {
        JsonNode result = m.path("result");
        boolean success = status.equals("SUCCESS");
        String excType = null, sample = null;
        double startedEpoch = Double.NaN, finishedEpoch = Double.NaN;
        String worker = null;
        if (success) {
            if (result.has("started")) {
                startedEpoch = result.path("started").asDouble();
                finishedEpoch = result.path("finished").asDouble();
                worker = result.path("hostname").asText("?") + "/" + result.path("pid").asText("?");
            }
        } else {
            excType = status.equals("REVOKED") ? "TaskRevokedError" : result.path("exc_type").asText("unknown");
            JsonNode args = result.path("exc_message");
            String text = args.isArray() && !args.isEmpty() ? args.get(0).asText() : args.asText("");
            sample = excType + ": " + dev.stampede.core.util.Secrets.redact(text.length() > 300 ? text.substring(0, 300) : text);
            if (args.isArray() && args.size() == 3 && args.get(1).isNumber()) {
                startedEpoch = args.get(1).asDouble();
                finishedEpoch = args.get(2).asDouble();
            }
        }
        long e2e = (seen - p.startNanos) / 1000;
        long[] split = null;
        boolean fromEvents = false;
        if (Double.isNaN(startedEpoch) && !Double.isNaN(p.eventStarted) && p.retries == 0) {
            // no probe timestamps: queue wait from task-started; run time then runs to the state seen (backend write included)
            startedEpoch = p.eventStarted;
            fromEvents = true;
        }
        long offset = epochOffsetNanos();
        if (fromEvents) {
            long startedAt = toEngineNanos(startedEpoch, offset);
            split = new long[]{(startedAt - p.startNanos) / 1000, (seen - startedAt) / 1000, 0};
        } else if (!Double.isNaN(startedEpoch) && p.retries == 0) {
            long startedAt = toEngineNanos(startedEpoch, offset), finishedAt = toEngineNanos(finishedEpoch, offset);
            split = new long[]{(startedAt - p.startNanos) / 1000, (finishedAt - startedAt) / 1000, (seen - finishedAt) / 1000};
        }
        String et = excType, sm = sample, wk = worker;
        long[] sp = split;
        int rt = p.retries;
        if (p.recorded) both(p.op, t -> t.finished(success, et, sm, e2e, sp, rt, wk));
        if (p.done != null) {
            Outcome o;
            if (success) o = Outcome.OK;
            else if ("NotRegistered".equals(excType)) {
                o = Outcome.failed(ErrorClass.CLIENT_ERROR, "task '" + stats.get(p.op).name + "' is not registered on the worker consuming "
                        + queueText + " (NotRegistered): check the task name, or load its module into the worker (celery worker --include)");
            } else o = Outcome.failed(CeleryErrors.TASK_FAILED, sample);
            p.done.complete(o);
        }
    }

    /**
     * A worker event about one task (from {@link EventSubscription}): task-started's timestamp is kept for the split of
     * tasks without the probe's timestamps; task-succeeded and task-failed of this run's tasks are counted for the
     * cross-check (tasks of other runs are ignored: {@code runPrefix} is the ids' first group).
     */
    public void onEvent(String type, String uuid, double timestamp) {
        Pending p = pending.get(uuid);
        if (p == null && !known(uuid)) return;
        eventsSeen.incrementAndGet();
        if (p != null && type.equals("task-started") && p.retries == 0) p.eventStarted = timestamp;
        if (type.equals("task-succeeded") || type.equals("task-failed")) eventsFinal.incrementAndGet();
    }

    private volatile String runPrefix;

    /** The ids' first group, so events of this run's tasks that already ended are still recognised. */
    public void runPrefix(String prefix) { runPrefix = prefix; }

    private boolean known(String uuid) {
        String r = runPrefix;
        return r != null && uuid.startsWith(r);
    }

    /** task-succeeded and task-failed events of this run's tasks. */
    public long eventsFinal() { return eventsFinal.get(); }

    /** Task events of this run's tasks, of any type (0: the workers send no events). */
    public long eventsSeen() { return eventsSeen.get(); }

    /** A worker's epoch timestamp (seconds) on the engine's clock, mapped with the clocks as they read now. */
    long toEngineNanos(double epochSeconds) {
        return toEngineNanos(epochSeconds, epochOffsetNanos());
    }

    private static long toEngineNanos(double epochSeconds, long offsetNanos) {
        return (long) Math.floor(epochSeconds * 1e6) * 1000L + offsetNanos;
    }

    /**
     * The engine clock minus the wall clock, read now: one mapping for all of a task's timestamps, so that its parts
     * still add up to its end-to-end time. The wall clock is read between two engine-clock reads and the pair with the
     * narrowest bracket of three is kept (its middle is the engine time of the wall reading): a pause between two bare
     * reads (a safepoint, the thread descheduled on a busy machine) would shift every part by the pause, queue wait up
     * and result delivery below zero. Read per task rather than once at start, so that such an error, or a wall clock
     * stepped during the run, misplaces one task, not the run; a part that still falls below zero counts as skewed.
     */
    private long epochOffsetNanos() {
        long best = 0, narrowest = Long.MAX_VALUE;
        for (int i = 0; i < 3 && narrowest > PAIR_BRACKET_NANOS; i++) {
            long before = clock.nanoTime();
            long wallNanos = clock.epochMicros() * 1000L;
            long bracket = clock.nanoTime() - before;
            if (bracket < narrowest) {
                narrowest = bracket;
                best = before + bracket / 2 - wallNanos;
            }
        }
        return best;
    }

    /**
     * Counts tasks past the result timeout once as never completed; in result mode hands attempts still open shortly
     * after the load's end back to the engine (their final state is still followed); decides whether the queue has
     * no consumer. Called by the sweeper about every 100 ms; {@code depth} and {@code workerGone} are asked at most
     * once a second.
     *
     * @param tailNanos how long after the load's end result-mode attempts may stay open
     */
    public void sweep(long now, long tailNanos, Supplier<QueueDepth> depth, Supplier<String> workerGone, boolean checkConsumer) {
        for (Map.Entry<String, Pending> e : pending.entrySet()) {
            Pending p = e.getValue();
            if (now - p.startNanos >= resultTimeoutNanos && pending.remove(e.getKey(), p)) {
                if (p.recorded) both(p.op, TaskStats::neverCompleted);
                if (p.done != null) p.done.complete(Outcome.unknown(CeleryErrors.RESULT_TIMEOUT, "task " + e.getKey() + " ("
                        + stats.get(p.op).name + ") had no final state " + (resultTimeoutNanos / 1_000_000_000L)
                        + " s after it was sent; counted once as never completed"));
            } else if (p.done != null && now >= loadEndNanos + tailNanos) {
                p.done.complete(Outcome.unknown(CeleryErrors.LOAD_END, "task " + e.getKey() + " had no final state "
                        + tailNanos / 1_000_000 + " ms after the load ended; its final state is followed in the Celery section"));
            }
        }
        if (checkConsumer && stalled == null) checkConsumer(now, depth, workerGone);
    }

    private void checkConsumer(long now, Supplier<QueueDepth> depth, Supplier<String> workerGone) {
        String gone = workerGone.get();
        if (gone != null) {
            stall(gone);
            return;
        }
        long results = resultsSeen.get();
        if (pending.isEmpty()) {
            lastProgressNanos = now;
            lastResults = results;
            return;
        }
        QueueDepth d;
        try {
            d = depth.get();
        } catch (RuntimeException e) {
            return;   // the broker did not answer this time: publishes will say so
        }
        boolean progress = results != lastResults || d.ready() < lastReady || d.ready() == 0 && d.consumers() != 0 || d.consumers() > 0;
        lastResults = results;
        lastReady = d.ready();
        if (progress) {
            lastProgressNanos = now;
            return;
        }
        if (now - lastProgressNanos >= consumerTimeoutNanos) {
            long seconds = Math.max(1, consumerTimeoutNanos / 1_000_000_000L);
            stall(completed.get() == 0
                    ? "no worker consumes queue " + queueText + ": " + d.ready() + " tasks wait and none was taken or answered in " + seconds
                    + " s; start one with " + startHint
                    : "the workers of queue " + queueText + " stopped: no task taken and no result for " + seconds + " s while " + d.ready()
                    + " wait (a worker died or hangs); restart them (" + startHint + ")");
        }
    }

    /** Ends every waiting attempt and every new one with {@code message} (no consumer). */
    void stall(String message) {
        if (stalled != null) return;
        stalled = message;
        java.util.function.Consumer<String> l = onStall;
        if (l != null) l.accept(message);
        for (Map.Entry<String, Pending> e : pending.entrySet()) {
            Pending p = e.getValue();
            if (p.done != null) p.done.complete(Outcome.failed(CeleryErrors.NO_CONSUMER, message));
        }
    }

    /** Ends every attempt still waiting for its result as unknown (the run is being stopped); their tasks are still followed. */
    void abortPending() {
        for (Pending p : pending.values()) {
            if (p.done != null) p.done.complete(Outcome.unknown(ErrorClass.INTERRUPTED, "stopped while waiting for the task's final state"));
        }
    }

    /** Tasks without a final state yet. */
    public int pendingCount() { return pending.size(); }

    /**
     * Counts every task still pending once as never completed (the drain wait is over).
     *
     * @return how many
     */
    public int expireAll() {
        int n = 0;
        for (Map.Entry<String, Pending> e : pending.entrySet()) {
            Pending p = e.getValue();
            if (!pending.remove(e.getKey(), p)) continue;
            n++;
            if (p.recorded) both(p.op, TaskStats::neverCompleted);
            if (p.done != null) p.done.complete(Outcome.unknown(CeleryErrors.RESULT_TIMEOUT, "no final state before the run ended"));
        }
        return n;
    }

    public long submitted() { return submitted.get(); }

    public long completed() { return completed.get(); }

    public long retries() { return retries.get(); }

    /** Result messages of tasks this scenario does not follow (other runs, other clients). */
    public long foreignResults() { return foreign.get(); }

    private void both(int op, java.util.function.Consumer<TaskStats> f) {
        f.accept(stats.get(op));
        f.accept(all);
    }

    /** Every task of the scenario together. */
    public TaskStats.Snapshot all() { return all.snapshot(); }

    public List<TaskStats.Snapshot> snapshot() {
        return stats.stream().map(TaskStats::snapshot).toList();
    }

    long loadEndNanos() { return loadEndNanos; }
}
