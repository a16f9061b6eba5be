package dev.stampede.cli;

import dev.stampede.core.config.ConfigException;
import dev.stampede.core.config.PlannedScenario;
import dev.stampede.core.config.RunConfig;
import dev.stampede.core.engine.NanoClock;
import dev.stampede.core.engine.PhaseListener;
import dev.stampede.core.engine.ProgressListener;
import dev.stampede.core.engine.RunControl;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.shard.BundlePlans;
import dev.stampede.core.shard.BundleWriter;
import dev.stampede.core.shard.PlanJson;
import dev.stampede.core.shard.Shard;
import dev.stampede.core.shard.ShardPlans;
import dev.stampede.core.shard.ShardRole;
import dev.stampede.core.target.Target;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The distributed part of one {@code stampede run --shard I/N --start-at T}: this shard's share of the plans
 * ({@link ShardPlans}), the absolute start of each scenario (the first at T, each later one at the previous one's
 * planned start plus its planned length plus {@link #GAP}), the wait for it, and the result bundle
 * ({@link BundleWriter}) in the output directory. Session thread, except the bundle's interval listener.
 */
final class ShardSession {
    /** Time left between one scenario's planned end and the next one's planned start, for the end of the one and the
     *  preparation of the next (grace, the targets' end snapshots, a new pool). */
    static final Duration GAP = Duration.ofSeconds(20);
    /** How long past a scenario's planned start a shard waits for shard 0's data before giving up (shard 0 may be late). */
    static final Duration PREPARE_GRACE = Duration.ofSeconds(30);

    private final Shard shard;
    private final List<PlannedScenario> whole;
    private final List<Long> startsMillis = new ArrayList<>();
    private final BundleWriter bundle;
    private final NanoClock clock;
    private int next;
    private long plannedMillis;

    private ShardSession(Shard shard, List<PlannedScenario> whole, BundleWriter bundle, NanoClock clock) {
        this.shard = shard;
        this.whole = whole;
        this.bundle = bundle;
        this.clock = clock;
        long t = shard.startAt().toEpochMilli();
        for (PlannedScenario ps : whole) {
            startsMillis.add(t);
            Duration d = ps.plan().plannedDuration();
            t += d == null ? 0 : d.plus(GAP).toMillis();
        }
    }

    /**
     * The session of a distributed run, or null for an ordinary one. Writes the bundle's manifest and plans now.
     *
     * @throws ConfigException when the run cannot be sharded: repeats, an interleaved baseline, a scenario before the
     *                         last that ends by iteration count (its successor's start could not be planned)
     */
    static ShardSession start(Shard shard, RunConfig config, List<PlannedScenario> whole, int repeat, boolean interleaved,
                              boolean capacity, Path dir, NanoClock clock) throws IOException {
        if (!shard.distributed()) return null;
        if (repeat > 1 || interleaved) {
            throw new ConfigException("--shard/--start-at cannot be combined with --repeat or --baseline-config; run each "
                    + "repetition as its own distributed run");
        }
        if (capacity) {
            throw new ConfigException("--shard/--start-at cannot be combined with --find-capacity: a capacity search picks each "
                    + "probe's rate from the one before, which shards cannot agree on; search on one process");
        }
        for (PlannedScenario ps : whole) {
            if (!ps.faults().isEmpty() && shard.count() > 1) {
                throw new ConfigException("scenario '" + ps.plan().name() + "' has faults, which a distributed run would apply once per "
                        + "shard; run scenarios with faults: on one process");
            }
        }
        for (int i = 0; i < whole.size() - 1; i++) {
            if (whole.get(i).plan().plannedDuration() == null) {
                throw new ConfigException("--start-at: scenario '" + whole.get(i).plan().name() + "' ends by iteration count, so the "
                        + "start of the scenario after it cannot be planned; give it a --duration, or run it last");
            }
        }
        List<Map<String, Object>> plans = new ArrayList<>();
        List<String> workloads = new ArrayList<>();
        for (PlannedScenario ps : whole) {
            plans.add(PlanJson.toMap(ps.plan()));
            workloads.add(ps.workload().toString());
        }
        BundleWriter w = BundleWriter.create(dir, shard, Version.get(),
                new BundlePlans(plans, workloads, config.thresholds(), config.ratingBands()));
        return new ShardSession(shard, whole, w, clock);
    }

    /** This shard's share of the plans. */
    List<PlannedScenario> plans() {
        return ShardPlans.split(whole, shard);
    }

    Shard shard() { return shard; }

    /** How long before the first scenario's load starts: to add to the run's time limit. */
    Duration waitBeforeStart() {
        return Duration.ofMillis(Math.max(0, shard.startAt().toEpochMilli() - clock.currentTimeMillis()));
    }

    /** The interval listener that writes the bundle's interval logs. */
    ProgressListener listener() { return bundle; }

    /** What the targets are told when the next scenario begins: prepare and mark, or wait for shard 0 until its start. */
    ShardRole role() {
        long planned = startsMillis.get(Math.min(next, startsMillis.size() - 1));
        return new ShardRole(shard, shard.runKey(bundle.fingerprint()), Instant.ofEpochMilli(planned).plus(PREPARE_GRACE));
    }

    /**
     * Waits for the next scenario's planned start (returning early when the run is stopped), then opens its interval
     * log. A shard that arrives late starts at once and says so; the merge reports the skew.
     */
    void awaitStart(String scenario, RunControl control, PrintWriter out, Map<String, Target> targets)
            throws IOException, InterruptedException {
        long planned = startsMillis.get(next++);
        plannedMillis = planned;
        var offset = ClockOffsets.measure(targets);   // before the wait: reading it costs a connection
        long now = clock.currentTimeMillis();
        if (now < planned) {
            out.println("Shard " + shard.label() + ": scenario " + scenario + " starts at " + Instant.ofEpochMilli(planned) + " (in "
                    + String.format(java.util.Locale.ROOT, "%.1f", (planned - now) / 1000.0) + " s)");
            out.flush();
        } else if (now - planned > 100) {
            out.println("note: shard " + shard.label() + " is " + (now - planned) + " ms late for scenario " + scenario
                    + " (preparing took longer than the time before its start); the merge will report the skew");
            out.flush();
        }
        while (!control.isStopped()) {
            long left = planned - clock.currentTimeMillis();
            if (left <= 0) break;
            clock.sleepUntil(clock.nanoTime() + Math.min(left, 200) * 1_000_000L);
        }
        bundle.scenarioStarting(scenario, planned, clock.currentTimeMillis());
        if (offset.isPresent()) bundle.clockOffset(offset.get().reference(), offset.get().offsetMillis(), offset.get().uncertaintyMillis());
    }

    /**
     * The planned start of the scenario {@link #awaitStart} waited for, on {@code engineClock}: the engine runs its
     * phases on that absolute schedule ({@link dev.stampede.core.engine.Engine#runScenario(dev.stampede.core.engine.ScenarioPlan,
     * dev.stampede.core.api.Workload, List, RunControl, ProgressListener, PhaseListener, long)}).
     */
    long anchorNanos(NanoClock engineClock) {
        return engineClock.nanoTime() + (plannedMillis - engineClock.currentTimeMillis()) * 1_000_000L;
    }

    /** Tells the bundle when the scenario's engine clock started, on the wall clock. */
    PhaseListener clockListener(String scenario) {
        return new PhaseListener() {
            @Override
            public void scenarioStarted(long startNanos) {
                bundle.engineStarted(scenario, clock.currentTimeMillis() - (clock.nanoTime() - startNanos) / 1_000_000L);
            }

            @Override public void phaseStarted(dev.stampede.core.engine.PhasePlan phase) { }
            @Override public void phaseEnded(dev.stampede.core.engine.PhasePlan phase) { }
        };
    }

    /** After the scenario: its summary into the bundle. */
    void ended(ScenarioRun run, String workload, boolean judgePoolUsage) throws IOException {
        bundle.scenarioEnded(run, workload, judgePoolUsage);
    }

    /**
     * At the run's end (also after Ctrl-C): the manifest says complete; with {@code print}, the bundle follows as a framed
     * block ({@link dev.stampede.core.shard.BundleArchive#frame}), the last thing the shard prints.
     */
    void close(PrintWriter out, Path dir, boolean print) {
        try {
            bundle.close();
            out.println("Result bundle (shard " + shard.label() + "): " + dir + " (merge with: stampede merge --output DIR BUNDLE...)");
            if (print) dev.stampede.core.shard.BundleArchive.frame(dir, out);
        } catch (IOException e) {
            out.println("stampede: the result bundle in " + dir + " could not be finished: " + e.getMessage());
        }
        out.flush();
    }
}
