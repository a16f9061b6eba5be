package dev.stampede.core.shard;

import dev.stampede.core.config.ConfigException;
import dev.stampede.core.engine.MonitorSeries;
import dev.stampede.core.engine.ScenarioPlan;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.engine.Stall;
import dev.stampede.core.engine.StopReason;
import dev.stampede.core.metrics.ErrorSummary;
import dev.stampede.core.metrics.LatencyStats;
import dev.stampede.core.metrics.MetricsCollector;
import dev.stampede.core.metrics.OperationSummary;
import dev.stampede.core.metrics.ScenarioMetrics;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Merges the result bundles of the shards of one distributed run into one {@link ScenarioRun} per scenario, as if one
 * process had run the whole plan, and lists what makes the merge incomplete. Histograms are added interval by
 * interval on the run's absolute clock ({@link IntervalBuckets}); counts are summed; monitors come from one shard
 * only (the lowest index that finished the scenario), so a server-side monitor is not counted N times.
 *
 * <p>Checks: every bundle must come from the same plan (fingerprint), shard count, start time and Stampede version,
 * or the merge is refused ({@link ConfigException}, exit 2) unless {@code acceptMismatch} (then each difference is a
 * note); a missing shard, a shard missing intervals (against the plan's recorded seconds and against its own
 * whole-scenario totals) or its end-of-scenario summary, a start more than {@code maxSkew} from the planned start, and
 * clocks that disagree by more than {@code maxSkew} (each shard's offset from the target's clock, when a target gave
 * one) are {@link #problems()}: reported, and the caller fails the verdict unless they are accepted. Not thread-safe.
 */
public final class ShardMerge {
    /**
     * @param acceptMismatch merge bundles of different plans, versions, shard counts or start times anyway
     * @param maxSkew        the largest accepted difference between a shard's actual and planned scenario start
     */
    public record Options(boolean acceptMismatch, Duration maxSkew) {
        public static final Duration DEFAULT_SKEW = Duration.ofMillis(500);
    }

    /**
     * One merged scenario: the run as one process would have reported it, and what the shards' summaries say.
     *
     * @param problems what makes this scenario's merge incomplete, the run-wide problems included
     */
    public record Merged(ScenarioRun run, String workload, boolean judgePoolUsage, List<String> problems) {
        public Merged {
            problems = List.copyOf(problems);
        }
    }

    private final List<ShardBundle> bundles;
    private final Options options;
    private final List<String> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private List<String> runWide = List.of();

    private ShardMerge(List<ShardBundle> bundles, Options options) {
        this.bundles = bundles.stream().sorted(Comparator.comparingInt(b -> b.manifest().shardIndex())).toList();
        this.options = options;
    }

    /**
     * Checks the bundles against each other and against this Stampede's {@code version}, then merges.
     *
     * @throws ConfigException for bundles that cannot be merged: none, the same shard twice, or (unless accepted)
     *                         different plans, versions, shard counts or start times
     */
    public static ShardMerge of(List<ShardBundle> bundles, String version, Options options) {
        if (bundles.isEmpty()) throw new ConfigException("merge: no bundles given; name each shard's --output directory or archive");
        ShardMerge m = new ShardMerge(bundles, options);
        m.checkSame(version);
        m.checkShards();
        return m;
    }

    /** What makes the merge incomplete (missing shards or intervals, skew), one line each. */
    public List<String> problems() { return List.copyOf(problems); }

    /** Remarks for the report (where the monitors came from, accepted mismatches). */
    public List<String> notes() { return List.copyOf(notes); }

    /** The first bundle's plans, the ones merged. */
    public BundlePlans plans() { return bundles.get(0).plans(); }

    public BundleManifest first() { return bundles.get(0).manifest(); }

    private void checkSame(String version) {
        BundleManifest a = first();
        List<String> diff = new ArrayList<>();
        for (ShardBundle b : bundles) {
            BundleManifest m = b.manifest();
            String who = b.source() + " (" + m.shardLabel() + ")";
            if (!m.planFingerprint().equals(a.planFingerprint())) {
                diff.add(who + " ran plan " + m.planFingerprint() + ", " + bundles.get(0).source() + " plan " + a.planFingerprint());
            }
            if (m.shardCount() != a.shardCount()) diff.add(who + " is one of " + m.shardCount() + " shards, not " + a.shardCount());
            if (!java.util.Objects.equals(m.startAt(), a.startAt())) diff.add(who + " started at " + m.startAt() + ", not " + a.startAt());
            if (!m.stampedeVersion().equals(version)) {
                diff.add(who + " was written by Stampede " + m.stampedeVersion() + ", this is " + version);
            }
            if (m.format() != BundleManifest.FORMAT) diff.add(who + " has bundle format " + m.format() + ", this reads " + BundleManifest.FORMAT);
        }
        if (diff.isEmpty()) return;
        if (!options.acceptMismatch()) {
            throw new ConfigException("these bundles are not shards of one run: " + String.join("; ", diff)
                    + "; merge the bundles of one run (same --start-at, plan and version), or pass --accept-mismatch to merge anyway");
        }
        for (String d : diff) notes.add("accepted mismatch (--accept-mismatch): " + d);
    }

    private void checkShards() {
        TreeSet<Integer> seen = new TreeSet<>();
        for (ShardBundle b : bundles) {
            if (!seen.add(b.manifest().shardIndex())) {
                throw new ConfigException("merge: " + b.manifest().shardLabel() + " is given twice (" + b.source()
                        + "); give each shard's bundle once");
            }
        }
        int n = first().shardCount();
        for (int i = 0; i < n; i++) {
            if (!seen.contains(i)) problems.add("shard " + i + "/" + n + " is missing: no bundle was given for it, so its share of the load is not in the numbers");
        }
        for (ShardBundle b : bundles) {
            if (!BundleManifest.COMPLETE.equals(b.manifest().status())) {
                problems.add(b.manifest().shardLabel() + " (" + b.source() + ") did not finish its run (manifest status '"
                        + b.manifest().status() + "': killed or stopped before the end)");
            }
        }
    }

    /** Every scenario of the plans, merged, in run order. */
    public List<Merged> scenarios() throws IOException {
        List<Merged> out = new ArrayList<>();
        runWide = List.copyOf(problems);
        BundlePlans plans = plans();
        for (int i = 0; i < plans.plans().size(); i++) {
            ScenarioPlan plan = PlanJson.fromMap(plans.plans().get(i));
            String workload = i < plans.workloads().size() ? plans.workloads().get(i) : "";
            Merged m = scenario(i, plan, workload);
            if (m != null) out.add(m);
        }
        return out;
    }

    private Merged scenario(int position, ScenarioPlan plan, String workload) throws IOException {
        List<String> local = new ArrayList<>(runWide);
        IntervalBuckets buckets = new IntervalBuckets();
        Map<Integer, TreeSet<Long>> present = new TreeMap<>();
        List<ShardScenario> summaries = new ArrayList<>();
        List<String> unfinished = new ArrayList<>();
        Long plannedStart = null;
        String firstFinished = null;
        List<Long> starts = new ArrayList<>();
        Map<String, BundleManifest.ClockOffset> clocks = new LinkedHashMap<>();
        TreeSet<Long> recordedSeconds = IntervalBuckets.expected(plan);
        for (ShardBundle b : bundles) {
            String who = b.manifest().shardLabel();
            BundleManifest.Scenario s = find(b.manifest(), plan.name(), position);
            if (s == null) {
                local.add(who + " did not start scenario '" + plan.name() + "'");
                continue;
            }
            if (plannedStart == null) plannedStart = s.plannedStartMillis();
            starts.add(s.startedAtMillis());
            if (s.clock() != null) clocks.put(who, s.clock());
            long skew = Math.abs(s.startedAtMillis() - s.plannedStartMillis());
            if (skew > options.maxSkew().toMillis()) {
                local.add(String.format(java.util.Locale.ROOT, "%s started scenario '%s' %d ms from its planned start %s "
                        + "(more than the %d ms allowed, --max-skew): its intervals do not line up with the others'", who, plan.name(),
                        s.startedAtMillis() - s.plannedStartMillis(), java.time.Instant.ofEpochMilli(s.plannedStartMillis()),
                        options.maxSkew().toMillis()));
            }
            double offset = (s.plannedStartMillis() - b.baseMillis()) / 1000.0;
            TreeSet<Long> mine = new TreeSet<>();
            Map<String, Long> logged = new LinkedHashMap<>();
            for (ShardBundle.Logged l : b.intervals(s)) {
                buckets.add(l.tag(), IntervalBuckets.bucket(l.startSeconds() - offset, l.endSeconds() - offset, recordedSeconds), l.histogram());
                logged.merge(l.tag(), l.histogram().getTotalCount(), Long::sum);
            }
            for (ShardBundle.Counts c : b.counts(s)) {
                long k = IntervalBuckets.bucket(c.startSeconds() - offset, c.endSeconds() - offset, recordedSeconds);
                buckets.count(c.operation(), k, c.phase(), c.ok(), c.failed(), c.unknown());
                mine.add(k);
            }
            present.put(b.manifest().shardIndex(), mine);
            checkTotals(who, plan.name(), logged, b.totals(s), local);
            ShardScenario sum = b.summary(s);
            if (sum != null) {
                if (summaries.isEmpty()) firstFinished = who;
                summaries.add(sum);
            } else {
                unfinished.add(who);
                local.add(who + " has no end-of-scenario summary for '" + plan.name() + "' (killed or stopped during it): "
                        + "its counts come from its interval log, its error classes and monitors are missing");
            }
        }
        if (plannedStart == null) return null;
        checkIntervals(plan, present, local);
        checkClocks(plan.name(), clocks, local);
        for (String p : local) if (!runWide.contains(p)) problems.add(p);
        if (!summaries.isEmpty() && bundles.size() > 1) {
            notes.add("scenario '" + plan.name() + "': monitor series (the targets' server-side ones and the generator's) are "
                    + firstFinished + "'s only, so a server is not counted once per shard; each shard's own report has its own");
        }
        String described = summaries.isEmpty() ? workload : summaries.get(0).workload();
        return new Merged(run(plan, described, buckets, summaries, unfinished, plannedStart), described,
                summaries.stream().anyMatch(ShardScenario::judgePoolUsage), local);
    }

    private void checkIntervals(ScenarioPlan plan, Map<Integer, TreeSet<Long>> present, List<String> local) {
        TreeSet<Long> expected = IntervalBuckets.expected(plan);
        for (TreeSet<Long> p : present.values()) expected.addAll(p);
        for (Map.Entry<Integer, TreeSet<Long>> e : present.entrySet()) {
            TreeSet<Long> missing = new TreeSet<>(expected);
            missing.removeAll(e.getValue());
            if (!missing.isEmpty()) {
                local.add("shard " + e.getKey() + "/" + first().shardCount() + " is missing intervals " + IntervalBuckets.ranges(missing)
                        + " of scenario '" + plan.name() + "' (expected " + IntervalBuckets.ranges(expected) + " after its start)");
            }
        }
    }

    /**
     * The shards' clocks against each other, through the reference they all read: two shards whose offsets from it
     * differ by more than {@code maxSkew} (beyond the readings' uncertainty) placed their intervals on different clocks.
     */
    private void checkClocks(String scenario, Map<String, BundleManifest.ClockOffset> clocks, List<String> local) {
        if (clocks.size() < 2) {
            if (bundles.size() > 1) {
                notes.add("scenario '" + scenario + "': the shards' clocks could not be compared (no target offered a clock every shard "
                        + "reads); only each shard's start against its own clock was checked");
            }
            return;
        }
        Map.Entry<String, BundleManifest.ClockOffset> lo = null, hi = null;
        for (Map.Entry<String, BundleManifest.ClockOffset> e : clocks.entrySet()) {
            if (lo == null || e.getValue().offsetMillis() < lo.getValue().offsetMillis()) lo = e;
            if (hi == null || e.getValue().offsetMillis() > hi.getValue().offsetMillis()) hi = e;
        }
        long spread = hi.getValue().offsetMillis() - lo.getValue().offsetMillis();
        long uncertainty = hi.getValue().uncertaintyMillis() + lo.getValue().uncertaintyMillis();
        if (spread - uncertainty > options.maxSkew().toMillis()) {
            local.add(String.format(java.util.Locale.ROOT, "clock skew in scenario '%s': %s's clock is %d ms (+/- %d) ahead of %s's, "
                    + "by %s (more than the %d ms allowed, --max-skew): their intervals are misplaced on the run's clock; "
                    + "synchronise the generators' clocks (NTP)", scenario, lo.getKey(), spread, uncertainty, hi.getKey(),
                    hi.getValue().reference(), options.maxSkew().toMillis()));
        }
    }

    /**
     * The shard's interval log against its own whole-scenario histograms (written apart, at its end): every attempt its
     * report counted must be in some interval, or intervals are missing from the log (cut, lost, or not written).
     */
    private static void checkTotals(String who, String scenario, Map<String, Long> logged, Map<String, Histogram> totals,
                                    List<String> local) {
        for (Map.Entry<String, Histogram> t : totals.entrySet()) {
            if (!t.getKey().endsWith(BundleWriter.LATENCY)) continue;
            String op = t.getKey().substring(0, t.getKey().length() - BundleWriter.LATENCY.length());
            long inLog = 0;
            for (String o : BundleWriter.OUTCOMES) inLog += logged.getOrDefault(op + o, 0L);
            long total = t.getValue().getTotalCount();
            if (inLog != total) {
                local.add(who + "'s interval log of scenario '" + scenario + "' holds " + inLog + " attempts of '" + op + "' but its own "
                        + "totals " + total + ": intervals are missing from its log");
            }
        }
    }

    private static BundleManifest.Scenario find(BundleManifest m, String name, int position) {
        if (position < m.scenarios().size() && m.scenarios().get(position).name().equals(name)) return m.scenarios().get(position);
        for (BundleManifest.Scenario s : m.scenarios()) if (s.name().equals(name)) return s;
        return null;
    }

    private ScenarioRun run(ScenarioPlan plan, String workload, IntervalBuckets buckets, List<ShardScenario> summaries,
                            List<String> unfinished, long plannedStart) {
        double measured = 0, elapsed = 0;
        long dropped = 0;
        for (ShardScenario s : summaries) {
            measured = Math.max(measured, s.measuredSeconds());
            elapsed = Math.max(elapsed, s.elapsedSeconds());
            dropped += s.droppedArrivals();
        }
        if (summaries.isEmpty()) {
            measured = IntervalBuckets.expected(plan).size();
            elapsed = measured;
        }
        List<String> ops = new ArrayList<>(buckets.operations());
        for (ShardScenario s : summaries) {
            for (ShardScenario.Operation o : s.operations()) if (!ops.contains(BundleWriter.tag(o.name()))) ops.add(BundleWriter.tag(o.name()));
        }
        List<OperationSummary> operations = new ArrayList<>();
        Histogram lat = new Histogram(1, dev.stampede.core.metrics.OperationMetrics.MAX_MICROS, 3);
        Histogram acq = new Histogram(1, dev.stampede.core.metrics.OperationMetrics.MAX_MICROS, 3);
        Histogram exe = new Histogram(1, dev.stampede.core.metrics.OperationMetrics.MAX_MICROS, 3);
        long ok = 0, failed = 0, unknown = 0, retries = 0, retried = 0;
        Map<String, ErrorSummary> allErrors = new LinkedHashMap<>();
        for (String op : ops) {
            long[] c = buckets.totalCounts(op);
            long r = 0, ra = 0;
            Map<String, ErrorSummary> errors = new LinkedHashMap<>();
            for (ShardScenario s : summaries) {
                for (ShardScenario.Operation o : s.operations()) {
                    if (!BundleWriter.tag(o.name()).equals(op)) continue;
                    r += o.retries();
                    ra += o.retriedAttempts();
                    for (ErrorSummary e : o.errors()) errors.merge(e.code(), e, ErrorSummary::plus);
                }
            }
            Histogram l = buckets.totalLatency(op), a = buckets.total(op + BundleWriter.ACQUIRE),
                    x = buckets.total(op + BundleWriter.EXECUTION);
            lat.add(l);
            acq.add(a);
            exe.add(x);
            List<ErrorSummary> es = ErrorSummary.mostFrequentFirst(errors.values());
            operations.add(new OperationSummary(op, c[0] + c[1] + c[2], c[0], c[1], c[2], r, ra, measured > 0 ? c[0] / measured : 0,
                    LatencyStats.ofMicros(l), LatencyStats.ofMicros(a, false), LatencyStats.ofMicros(x, false), es));
            ok += c[0];
            failed += c[1];
            unknown += c[2];
            retries += r;
            retried += ra;
            for (ErrorSummary e : es) allErrors.merge(e.code(), e, ErrorSummary::plus);
        }
        OperationSummary all = new OperationSummary(MetricsCollector.ALL, ok + failed + unknown, ok, failed, unknown, retries, retried,
                measured > 0 ? ok / measured : 0, LatencyStats.ofMicros(lat), LatencyStats.ofMicros(acq, false),
                LatencyStats.ofMicros(exe, false), ErrorSummary.mostFrequentFirst(allErrors.values()));
        ScenarioMetrics metrics = new ScenarioMetrics(operations, all, LatencyStats.ofMicros(buckets.total(BundleWriter.START_LAG), false),
                dropped, buckets.series(MetricsCollector.ALL));

        ShardScenario first = summaries.isEmpty() ? null : summaries.get(0);
        List<MonitorSeries> monitors = first == null ? List.of() : first.monitors();
        List<Stall> stalls = new ArrayList<>();
        for (ShardScenario s : summaries) stalls.addAll(s.stalls());
        stalls.sort(Comparator.comparingDouble(Stall::startSecond));
        StopReason reason = StopReason.COMPLETED;
        String detail = null;
        for (ShardScenario s : summaries) {
            StopReason r = StopReason.valueOf(s.stopReason());
            if (r != StopReason.COMPLETED && reason == StopReason.COMPLETED) {
                reason = r;
                detail = s.stopDetail();
            }
        }
        if (!unfinished.isEmpty() && reason == StopReason.COMPLETED) {
            reason = StopReason.INTERRUPTED;
            detail = String.join(", ", unfinished) + " ended during the scenario (killed or stopped); their share ends there";
        }
        return new ScenarioRun(plan, workload, metrics, monitors, reason, plannedStart, elapsed, measured,
                first == null ? plan.phases().stream().map(p -> p.name()).toList() : first.phasesRun(), stalls, detail);
    }
}
