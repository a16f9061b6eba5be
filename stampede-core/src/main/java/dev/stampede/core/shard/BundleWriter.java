package dev.stampede.core.shard;

import dev.stampede.core.engine.ProgressListener;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.metrics.MetricsCollector;
import dev.stampede.core.metrics.OperationMetrics;
import dev.stampede.core.metrics.OperationSummary;
import dev.stampede.core.report.Timestamps;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a shard's result bundle as the run goes: per scenario, every recorded interval's histograms in HdrHistogram's
 * own interval-log format ({@link HistogramLogWriter}; values in microseconds, timestamps in seconds since the run's
 * {@code --start-at}, which is the log's base time), tagged by operation and outcome: {@code OP/ok}, {@code OP/failed}
 * and {@code OP/unknown} hold the end-to-end latency of that operation's attempts of that outcome (an outcome with no
 * attempt in the interval is left out), {@code OP/acquire} and {@code OP/execution} the pool wait and the execution
 * time of all its attempts, {@code start-lag} the open model's start lag. Beside it the interval's outcome counts
 * ({@code NAME.counts.csv}: start, end, phase, operation, ok, failed, unknown). Both are flushed at every interval, so
 * a shard that is killed leaves every interval it closed. At each scenario's end its summary ({@link ShardScenario})
 * and its whole-scenario histograms ({@code totals/NAME.hlog}, tags {@code OP/latency}, {@code OP/acquire},
 * {@code OP/execution}: the histograms the shard's own report was computed from, which a merge checks the interval log
 * against); the manifest as each scenario starts and ends. Layout in docs/distributed.md.
 *
 * <p>Thread-safety: {@link #onInterval} runs on the engine's sampler thread, the rest on the session thread; all
 * synchronized. The histograms are copied into one scratch histogram per tag, so nothing is allocated per interval
 * beyond the log's encoding buffer and nothing of the collector's is kept past the call.
 */
public final class BundleWriter implements ProgressListener, AutoCloseable {
    public static final String INTERVALS = "intervals";
    public static final String SCENARIOS = "scenarios";
    public static final String TOTALS = "totals";
    /** Tag suffixes: latency by outcome, pool wait, execution; the whole-scenario latency; and the start-lag tag. */
    public static final String OK = "/ok", FAILED = "/failed", UNKNOWN = "/unknown", ACQUIRE = "/acquire", EXECUTION = "/execution",
            LATENCY = "/latency", START_LAG = "start-lag";
    /** The outcome suffixes, in the order of the counts' columns. */
    public static final List<String> OUTCOMES = List.of(OK, FAILED, UNKNOWN);

    private final Path dir;
    private final Shard shard;
    private final String version;
    private final String fingerprint;
    private final String createdAt = Timestamps.now();
    private final long baseMillis;
    private final List<BundleManifest.Scenario> scenarios = new ArrayList<>();
    private final Map<String, Histogram> scratch = new HashMap<>();
    private String current;
    private long currentStartMillis;
    private double previousEnd;
    private MetricsCollector lastRecorded;
    private HistogramLogWriter log;
    private PrintStream logStream;
    private PrintStream counts;
    private IOException failure;

    private BundleWriter(Path dir, Shard shard, String version, String fingerprint, long baseMillis) {
        this.dir = dir;
        this.shard = shard;
        this.version = version;
        this.fingerprint = fingerprint;
        this.baseMillis = baseMillis;
    }

    /**
     * Creates the bundle in {@code dir} (the shard's output directory) with its manifest and plans.
     *
     * @param plans the whole plans, before {@link ShardPlans#split}; their fingerprint is recorded
     */
    public static BundleWriter create(Path dir, Shard shard, String version, BundlePlans plans) throws IOException {
        Files.createDirectories(dir.resolve(INTERVALS));
        Files.createDirectories(dir.resolve(SCENARIOS));
        Files.createDirectories(dir.resolve(TOTALS));
        List<dev.stampede.core.engine.ScenarioPlan> whole = plans.plans().stream().map(PlanJson::fromMap).toList();
        String fp = PlanJson.fingerprint(whole, plans.workloads());
        BundleJson.MAPPER.writeValue(dir.resolve(BundlePlans.FILE).toFile(), plans);
        long base = shard.startAt() == null ? System.currentTimeMillis() : shard.startAt().toEpochMilli();
        BundleWriter w = new BundleWriter(dir, shard, version, fp, base);
        w.writeManifest(BundleManifest.RUNNING);
        return w;
    }

    public String fingerprint() { return fingerprint; }

    /** Session thread, just before the engine starts the scenario: opens its interval log. */
    public synchronized void scenarioStarting(String scenario, long plannedStartMillis, long startedAtMillis) throws IOException {
        closeLog();
        String file = fileName(scenario, scenarios.size());
        current = scenario;
        currentStartMillis = startedAtMillis;
        previousEnd = 0;
        lastRecorded = null;
        logStream = new PrintStream(Files.newOutputStream(dir.resolve(INTERVALS).resolve(file + ".hlog")), false, StandardCharsets.UTF_8);
        log = new HistogramLogWriter(logStream);
        log.outputComment("stampede " + version + " " + shard.label() + " scenario " + scenario + " plan " + fingerprint);
        log.outputLogFormatVersion();
        log.outputStartTime(baseMillis);
        log.setBaseTime(baseMillis);
        log.outputBaseTime(baseMillis);
        log.outputLegend();
        logStream.flush();
        counts = new PrintStream(Files.newOutputStream(dir.resolve(INTERVALS).resolve(file + ".counts.csv")), false, StandardCharsets.UTF_8);
        counts.println("start_s,end_s,phase,operation,ok,failed,unknown");
        counts.flush();
        scenarios.add(new BundleManifest.Scenario(scenario, file, plannedStartMillis, startedAtMillis, false, null));
        writeManifest(BundleManifest.RUNNING);
    }

    @Override
    public void onTick(Snapshot snapshot) {
    }

    /**
     * Engine thread, as the scenario's clock starts ({@link dev.stampede.core.engine.PhaseListener#scenarioStarted}): the
     * wall-clock instant its interval seconds count from (the planned start, when the engine runs on the absolute
     * schedule), so that they are placed on the run's clock exactly. The manifest keeps when this shard was ready.
     */
    public synchronized void engineStarted(String scenario, long wallMillis) {
        if (scenario.equals(current)) currentStartMillis = wallMillis;
    }

    /** Session thread, after {@link #scenarioStarting}: this host's clock against the reference every shard reads. */
    public synchronized void clockOffset(String reference, long offsetMillis, long uncertaintyMillis) throws IOException {
        if (current == null) return;
        scenarios.set(scenarios.size() - 1, scenarios.get(scenarios.size() - 1)
                .withClock(new BundleManifest.ClockOffset(reference, offsetMillis, uncertaintyMillis)));
        writeManifest(BundleManifest.RUNNING);
    }

    @Override
    public synchronized void onInterval(String scenario, boolean recorded, MetricsCollector collector) {
        if (log == null || !scenario.equals(current)) return;
        double[] end = {previousEnd};
        double start = previousEnd;
        boolean[] any = {false};
        if (recorded) lastRecorded = collector;
        collector.forEachIntervalHistograms((row, latency, failed, unknown, acquire, execution) -> {
            end[0] = row.second();
            if (!recorded) return;
            any[0] = true;
            double s = abs(start), e = abs(row.second());
            String op = tag(row.operation());
            Histogram ok = scratch(op + OK, latency);
            ok.reset();
            ok.add(latency);
            if (failed != null && failed.getTotalCount() > 0) {
                ok.subtract(failed);
                write(op + FAILED, s, e, failed);
            }
            if (unknown != null && unknown.getTotalCount() > 0) {
                ok.subtract(unknown);
                write(op + UNKNOWN, s, e, unknown);
            }
            if (ok.getTotalCount() > 0) {
                ok.setTag(op + OK);   // after reset, which clears it
                log.outputIntervalHistogram(s, e, ok, 1000.0);
            }
            if (acquire != null && acquire.getTotalCount() > 0) write(op + ACQUIRE, s, e, acquire);
            if (execution != null && execution.getTotalCount() > 0) write(op + EXECUTION, s, e, execution);
            counts.printf(Locale.ROOT, "%.3f,%.3f,%s,%s,%d,%d,%d%n", s, e, tag(row.phase()), op, row.ok(), row.failed(), row.unknown());
        });
        Histogram lag = collector.startLagInterval();
        if (any[0] && lag != null && lag.getTotalCount() > 0) write(START_LAG, abs(start), abs(end[0]), lag);
        previousEnd = end[0];
        logStream.flush();
        counts.flush();
    }

    /** Seconds since the log's base time of a point {@code second} s after this shard's scenario start. */
    private double abs(double second) {
        return (currentStartMillis - baseMillis) / 1000.0 + second;
    }

    private Histogram scratch(String tag, Histogram like) {
        return scratch.computeIfAbsent(tag, t -> new Histogram(1, like.getHighestTrackableValue(), like.getNumberOfSignificantValueDigits()));
    }

    private void write(String tag, double start, double end, Histogram h) {
        write(log, scratch(tag, h), tag, start, end, h);
    }

    private static void write(HistogramLogWriter to, Histogram copy, String tag, double start, double end, Histogram h) {
        copy.reset();
        copy.add(h);
        copy.setTag(tag);   // after reset, which clears it
        // time stamps relative to the log's BaseTime line: readers add it back
        to.outputIntervalHistogram(start, end, copy, 1000.0);
    }

    /**
     * An operation or phase name as it appears in the bundle's files: an interval-log tag may not contain commas or
     * white space, and the counts are comma separated.
     */
    public static String tag(String s) {
        return s.replaceAll("[,\\s]", "_");
    }

    /** Session thread, after the scenario's run: its summary, and the manifest marks it finished. */
    public synchronized void scenarioEnded(ScenarioRun run, String workload, boolean judgePoolUsage) throws IOException {
        closeLog();
        writeTotals(scenarios.get(scenarios.size() - 1).file());
        List<ShardScenario.Operation> ops = new ArrayList<>();
        for (OperationSummary o : run.metrics().operations()) {
            ops.add(new ShardScenario.Operation(o.name(), o.ok(), o.failed(), o.unknown(), o.retries(), o.retriedAttempts(), o.errors()));
        }
        ShardScenario s = new ShardScenario(run.plan().name(), workload, run.stopReason().name(), run.stopDetail(),
                run.startedAtMillis(), run.elapsedSeconds(), run.measuredSeconds(), run.phasesRun(), run.metrics().droppedArrivals(),
                judgePoolUsage, ops, run.monitors(), run.stalls());
        BundleManifest.Scenario entry = scenarios.get(scenarios.size() - 1);
        BundleJson.MAPPER.writeValue(dir.resolve(SCENARIOS).resolve(entry.file() + ".json").toFile(), s);
        scenarios.set(scenarios.size() - 1, entry.finish());
        writeManifest(BundleManifest.RUNNING);
    }

    private void writeTotals(String file) throws IOException {
        if (lastRecorded == null) return;
        try (PrintStream out = new PrintStream(Files.newOutputStream(dir.resolve(TOTALS).resolve(file + ".hlog")), false,
                StandardCharsets.UTF_8)) {
            HistogramLogWriter w = new HistogramLogWriter(out);
            w.outputComment("whole-scenario histograms of " + shard.label() + ": what its own report's percentiles come from");
            w.outputLogFormatVersion();
            w.setBaseTime(baseMillis);
            w.outputBaseTime(baseMillis);
            w.outputLegend();
            double s = abs(0), e = abs(previousEnd);
            Histogram copy = new Histogram(1, OperationMetrics.MAX_MICROS, 3);
            lastRecorded.forEachTotal((op, latency, acquire, execution) -> {
                write(w, copy, tag(op) + LATENCY, s, e, latency);
                write(w, copy, tag(op) + ACQUIRE, s, e, acquire);
                write(w, copy, tag(op) + EXECUTION, s, e, execution);
            });
            if (out.checkError()) throw new IOException("could not write " + dir.resolve(TOTALS).resolve(file + ".hlog"));
        }
    }

    /** Session thread, once at the end: the manifest says {@code complete}. */
    @Override
    public synchronized void close() throws IOException {
        closeLog();
        writeManifest(BundleManifest.COMPLETE);
        if (failure != null) throw failure;
    }

    private void closeLog() {
        if (logStream != null) logStream.close();
        if (counts != null) counts.close();
        if (logStream != null && logStream.checkError()) failure = new IOException("could not write the interval log in " + dir);
        log = null;
        logStream = null;
        counts = null;
        current = null;
    }

    private void writeManifest(String status) throws IOException {
        new BundleManifest(BundleManifest.FORMAT, version, fingerprint, shard.index(), shard.count(),
                shard.startAt() == null ? null : shard.startAt().toString(), createdAt, status, scenarios).write(dir);
    }

    /** A file name for the scenario: its name with anything but letters, digits, '-' and '_' replaced, and its position. */
    static String fileName(String scenario, int position) {
        return String.format(Locale.ROOT, "%02d-%s", position + 1, scenario.replaceAll("[^A-Za-z0-9_-]", "_"));
    }
}
