package dev.stampede.cli;

import dev.stampede.core.advisor.Advisor;
import dev.stampede.core.advisor.AdvisorContext;
import dev.stampede.core.config.ConfigException;
import dev.stampede.core.config.Durations;
import dev.stampede.core.config.RatingBands;
import dev.stampede.core.config.Thresholds;
import dev.stampede.core.report.ConsoleSummary;
import dev.stampede.core.report.ReportBuilder;
import dev.stampede.core.report.RunReport;
import dev.stampede.core.report.ScenarioReport;
import dev.stampede.core.report.Timestamps;
import dev.stampede.core.shard.BundleManifest;
import dev.stampede.core.shard.ShardBundle;
import dev.stampede.core.shard.ShardMerge;
import dev.stampede.core.target.TargetRegistry;
import dev.stampede.core.verdict.MetricVerdict;
import dev.stampede.core.verdict.Status;
import dev.stampede.core.verdict.VerdictEvaluator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code stampede merge}: the result bundles of a distributed run's shards into one report, in every format, as one
 * process would have written it ({@link ShardMerge}), judged by the thresholds the shards ran with.
 */
@Command(name = "merge", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Merge the result bundles of the shards of one distributed run (stampede run --shard I/N --start-at T) into "
                + "one report: JSON, Markdown, HTML, CSV and JUnit XML.",
                "Histograms are added interval by interval on the run's clock (never averaged percentiles), counts summed, "
                        + "monitors taken from one shard. A missing shard, missing intervals, or a start or clock skew beyond --max-skew "
                        + "fail the merged verdict unless --accept-incomplete. See docs/distributed.md."},
        footer = {"", "Exit codes: 0 passed; 1 a threshold failed or the merge is incomplete (missing shard or intervals, start or clock skew); "
                + "2 bad input (not a bundle, the same shard twice, bundles of different plans, start times or versions without "
                + "--accept-mismatch); 4 internal error.", "", ExitCodes.HELP})
public final class MergeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Where the merged reports go.")
    Path output;

    @Parameters(arity = "1..*", paramLabel = "BUNDLE",
            description = "Each shard's bundle: its run's --output directory, the bundle's .zip, or a log holding a framed bundle block.")
    List<Path> bundles;

    @Option(names = "--accept-incomplete",
            description = "Report a missing shard, missing intervals or skew as a warning instead of failing the merged verdict.")
    boolean acceptIncomplete;

    @Option(names = "--accept-mismatch",
            description = "Merge bundles of different plans, start times, shard counts or Stampede versions anyway (a warning in "
                    + "the report); without it they are refused (exit 2).")
    boolean acceptMismatch;

    @Option(names = "--max-skew", paramLabel = "DURATION", defaultValue = "500ms",
            description = "Largest accepted lateness of a shard against the planned scenario start, and difference between the "
                    + "shards' clocks measured through the PostgreSQL server's clock (default 500ms).")
    String maxSkew;

    @Option(names = {"-v", "--verbose"}, description = "Stack traces on errors.")
    boolean verbose;

    /** Shards known to be missing before the merge (stampede k8s run: a failed or evicted pod), one line each, named. */
    List<String> knownMissing = List.of();

    /**
     * Bundles (stampede k8s run: the logs of pods that succeeded) that count as a missing shard, named by the value,
     * when they hold no readable bundle; any other bundle that cannot be read is bad input.
     */
    Map<Path, String> missingIfUnreadable = Map.of();

    @Override
    public Integer call() throws Exception {
        return merge(spec.commandLine().getOut());
    }

    /** The merge of {@link #bundles} into {@link #output}, printing to {@code out}; the same for stampede merge and k8s run. */
    int merge(PrintWriter out) throws IOException, dev.stampede.core.api.TargetUnreachableException {
        Duration skew;
        try {
            skew = Durations.parse(maxSkew, 1);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--max-skew: " + e.getMessage());
        }
        Path scratch = Files.createTempDirectory("stampede-merge-");
        try {
            List<ShardBundle> opened = new ArrayList<>();
            List<String> missing = new ArrayList<>(knownMissing);
            for (Path b : bundles) {
                try {
                    opened.add(ShardBundle.open(b, scratch));
                } catch (ConfigException bad) {
                    String shard = missingIfUnreadable.get(b);
                    if (shard == null) throw bad;
                    missing.add(shard + ": " + b + " holds no bundle (" + bad.getMessage() + "); its share of the load is missing");
                }
            }
            if (opened.isEmpty()) {
                throw new dev.stampede.core.api.TargetUnreachableException("no bundle to merge (" + String.join("; ", missing) + ")", null);
            }
            knownMissing = missing;
            ShardMerge merge = ShardMerge.of(opened, Version.get(), new ShardMerge.Options(acceptMismatch, skew));
            return write(merge, out);
        } finally {
            deleteTree(scratch);
        }
    }

    private int write(ShardMerge merge, PrintWriter out) throws IOException {
        Thresholds thresholds = merge.plans().thresholds() == null ? Thresholds.defaults() : merge.plans().thresholds();
        RatingBands bands = merge.plans().ratingBands() == null ? RatingBands.defaults() : merge.plans().ratingBands();
        VerdictEvaluator judge = new VerdictEvaluator(thresholds, bands);
        Advisor advisor = Advisor.withGenericRules(List.of());
        List<ScenarioReport> reports = new ArrayList<>();
        List<ShardMerge.Merged> merged = merge.scenarios();
        for (ShardMerge.Merged m : merged) {
            List<MetricVerdict> verdicts = new ArrayList<>(judge.evaluate(m.run(), m.judgePoolUsage()));
            List<String> problems = new ArrayList<>(knownMissing);
            problems.addAll(m.problems());
            verdicts.add(coverage(problems));
            var recs = new ArrayList<>(advisor.advise(m.run(), new AdvisorContext(thresholds, m.run().plan().peakConcurrency())));
            recs.sort(Advisor.BY_SEVERITY);
            Map<String, Object> extras = new LinkedHashMap<>();
            extras.put("shards", shardsExtra(merge, m));
            reports.add(ReportBuilder.scenario(m.run(), m.workload(), verdicts, recs, extras));
        }
        List<String> notes = new ArrayList<>();
        BundleManifest first = merge.first();
        notes.add("merged from " + bundles.size() + " bundle(s) of " + first.shardCount() + " shards, start " + first.startAt()
                + ", plan " + first.planFingerprint() + "; verdicts judged on the merged numbers");
        List<String> all = new ArrayList<>(knownMissing);
        all.addAll(merge.problems());
        for (String p : all) notes.add((acceptIncomplete ? "accepted (--accept-incomplete): " : "incomplete merge: ") + p);
        notes.addAll(merge.notes());
        notes.add("the targets' own sections (server statistics, health) are in each shard's report, not in the merged one (the engine's load-stages section is)");
        Status verdict = ReportOutputs.overall(reports);
        int code = verdict == Status.FAILED ? ExitCodes.THRESHOLDS_FAILED : ExitCodes.PASSED;
        boolean partial = reports.stream().anyMatch(ScenarioReport::partial);
        Map<String, String> legend = ReportOutputs.legend(TargetRegistry.discover().providers());
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("merged_from", bundles.stream().map(Path::toString).toList());
        target.put("shards", first.shardCount());
        target.put("start_at", first.startAt());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("plan_fingerprint", first.planFingerprint());
        RunReport report = new RunReport(RunReport.SCHEMA_VERSION, "stampede", Version.get(), first.startAt(), Timestamps.now(),
                target, config, partial, partial ? reports.stream().filter(ScenarioReport::partial).map(ScenarioReport::stopReason)
                .findFirst().orElse(null) : null, verdict, reports, notes, List.of(), legend, code, first.planFingerprint());
        ReportFiles files = ReportFiles.of(output).create();
        List<Path> written = ReportOutputs.write(report, files, ReportOutputs.engineSections(), null);
        for (String p : all) out.println((acceptIncomplete ? "accepted: " : "incomplete: ") + p);
        ConsoleSummary.print(report, out);
        out.println("Reports: " + String.join(", ", written.stream().map(Path::toString).toList()));
        out.flush();
        return code;
    }

    /** The merge's own check: passed when nothing is missing; failed, or a warning when accepted, otherwise. */
    private MetricVerdict coverage(List<String> problems) {
        if (problems.isEmpty()) {
            return new MetricVerdict("shard_coverage", "Shards and intervals", 0, "", 0.0, "<=", Status.PASSED, null,
                    "every shard's bundle is there with every interval, started on time");
        }
        return new MetricVerdict("shard_coverage", "Shards and intervals", problems.size(), "", 0.0, "<=",
                acceptIncomplete ? Status.WARNING : Status.FAILED, null, String.join("; ", problems)
                + (acceptIncomplete ? " (accepted with --accept-incomplete)" : "; the merged numbers lack that share of the load "
                + "(pass --accept-incomplete to accept it)"));
    }

    private Map<String, Object> shardsExtra(ShardMerge merge, ShardMerge.Merged m) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("count", merge.first().shardCount());
        x.put("start_at", merge.first().startAt());
        x.put("plan_fingerprint", merge.first().planFingerprint());
        List<String> problems = new ArrayList<>(knownMissing);
        problems.addAll(m.problems());
        x.put("problems", problems);
        return x;
    }

    /** Deletes a temporary directory and what is in it; one left behind is harmless. */
    static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
