package dev.stampede.celery;

import dev.stampede.celery.broker.Broker;
import dev.stampede.celery.broker.TaskMessage;
import dev.stampede.core.api.AsyncOperation;
import dev.stampede.core.api.Completion;
import dev.stampede.core.api.Operation;
import dev.stampede.core.api.OperationContext;
import dev.stampede.core.api.Outcome;
import dev.stampede.core.api.Workload;
import dev.stampede.core.engine.NanoClock;
import dev.stampede.core.util.Secrets;
import dev.stampede.redis.RedisErrors;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The {@code celery} workload: one operation per configured task, chosen by weight. Each attempt builds a protocol-2
 * message, registers it with the {@link TaskTracker} and publishes it without blocking; the attempt ends at the
 * broker's acknowledgement ({@code await: publish}) or at the task's final state ({@code await: result}), through
 * the engine's {@link Completion}. Thread-safe: no per-call state in fields.
 */
public final class CeleryWorkload implements Workload {
    private final List<Operation> operations;
    private final double[] cumulative;

    public CeleryWorkload(List<TaskSpec> tasks, String defaultQueue, Broker broker, TaskTracker tracker, NanoClock clock, String runPrefix,
                          boolean followResults) {
        List<Operation> ops = new ArrayList<>();
        cumulative = new double[tasks.size()];
        double sum = 0;
        String origin = "stampede@" + host();
        for (int i = 0; i < tasks.size(); i++) {
            TaskSpec t = tasks.get(i);
            sum += t.weight();
            cumulative[i] = sum;
            ops.add(new TaskOperation(i, t, t.queue() == null ? defaultQueue : t.queue(), broker, tracker, clock, runPrefix, origin,
                    followResults, uniqueName(tasks, i)));
        }
        this.operations = List.copyOf(ops);
    }

    /** The operation's name in reports: the task name, with its index when the same task is configured twice. */
    private static String uniqueName(List<TaskSpec> tasks, int i) {
        String n = tasks.get(i).name();
        long same = tasks.stream().filter(t -> t.name().equals(n)).count();
        return same > 1 ? n + "#" + (i + 1) : n;
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    @Override public String name() { return "celery"; }

    @Override public List<Operation> operations() { return operations; }

    @Override
    public int pick(SplittableRandom random) {
        if (cumulative.length == 1) return 0;
        double r = random.nextDouble() * cumulative[cumulative.length - 1];
        for (int i = 0; i < cumulative.length; i++) if (r < cumulative[i]) return i;
        return cumulative.length - 1;
    }

    /** Sends one task. */
    static final class TaskOperation implements AsyncOperation {
        private final int index;
        private final TaskSpec spec;
        private final String queue;
        private final Broker broker;
        private final TaskTracker tracker;
        private final NanoClock clock;
        private final String runPrefix;
        private final String origin;
        private final boolean follow;
        private final String name;
        private final String argsJson;
        /** The keyword arguments as JSON when they are fixed (written once), null when drawn per task. */
        private final String fixedKwargs;

        TaskOperation(int index, TaskSpec spec, String queue, Broker broker, TaskTracker tracker, NanoClock clock, String runPrefix,
                      String origin, boolean follow, String name) {
            this.index = index;
            this.spec = spec;
            this.queue = queue;
            this.broker = broker;
            this.tracker = tracker;
            this.clock = clock;
            this.runPrefix = runPrefix;
            this.origin = origin;
            this.follow = follow;
            this.name = name;
            this.argsJson = TaskMessage.json(spec.name(), spec.args());
            this.fixedKwargs = spec.fixedKwargs() ? TaskMessage.json(spec.name(), spec.kwargs()) : null;
        }

        @Override public String name() { return name; }

        @Override
        public void start(OperationContext context, Completion done) {
            String id = TaskMessage.newId(runPrefix);
            String kwargs = fixedKwargs != null ? fixedKwargs : TaskMessage.json(spec.name(), spec.kwargsFor(context.random()));
            Instant now = spec.countdown().isZero() && spec.expires().isZero() ? null : Instant.now();
            TaskMessage m = TaskMessage.of(id, spec.name(), argsJson, kwargs, spec.countdown().isZero() ? null : now.plus(spec.countdown()),
                    spec.expires().isZero() ? null : now.plus(spec.expires()), origin, spec.priority() == null ? 0 : spec.priority());
            long t0 = clock.nanoTime();
            if (!tracker.started(id, index, t0, done, context)) return;
            broker.publish(queue, m, () -> {
                tracker.published(id, index, t0, clock.nanoTime(), done);
                if (!follow) tracker.forget(id);
            }, e -> tracker.publishFailed(id, index, outcome(broker.kind(), e), done));
        }

        static Outcome outcome(String kind, Throwable e) {
            if (kind.equals("redis")) {
                Outcome o = RedisErrors.outcome(e);
                return o.error().connectionLoss() ? Outcome.unknown(CeleryErrors.BROKER, o.message()) : o;
            }
            return Outcome.unknown(CeleryErrors.BROKER, e.getClass().getSimpleName() + ": " + Secrets.redact(String.valueOf(e.getMessage())));
        }
    }
}
