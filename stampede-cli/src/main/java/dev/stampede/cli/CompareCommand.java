package dev.stampede.cli;

import dev.stampede.core.compare.BaselineStore;
import dev.stampede.core.compare.Change;
import dev.stampede.core.compare.Comparer;
import dev.stampede.core.compare.Comparison;
import dev.stampede.core.compare.ComparisonText;
import dev.stampede.core.compare.Measurements;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code stampede compare}: a report against a baseline, without running anything. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare a report with a baseline: per operation p50, p95, p99, mean, throughput, error rate and (per scenario) "
                + "memory, the change in percent, and a verdict per row and overall.",
                "A row is a regression when it moved past its threshold (20 % by default) in the worse direction and, with enough runs on "
                        + "both sides (--repeat), a one-sided exact Mann-Whitney test finds it significant. See docs/regression.md."},
        footer = {"", ExitCodes.HELP})
final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CompareOptions options;

    @Parameters(index = "0", arity = "0..*", paramLabel = "REPORT",
            description = "report.json or its directory (default stampede-results); several: their runs together as the current side.")
    java.util.List<Path> reports;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Also write comparison.md and comparison.json into DIR.")
    Path output;

    @Option(names = "--windows",
            description = "Compare the windows of the runs ('run --windows K' records them) instead of whole runs; treats a run's "
                    + "windows as independent samples (see docs/regression.md).")
    boolean windows;

    @Option(names = {"-v", "--verbose"}, description = "Stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (options.baseline == null) {
            throw new dev.stampede.core.config.ConfigException("compare needs --baseline NAME|FILE (a saved baseline, a baseline file or a report)");
        }
        var rules = options.rules();
        Measurements base = options.store().load(options.baseline);
        java.util.List<Path> from = reports == null || reports.isEmpty() ? java.util.List.of(Path.of("stampede-results")) : reports;
        Measurements cur = Measurements.merge(from.stream().map(p -> BaselineStore.read(p, p.toString())).toList());
        Comparison c = windows ? new Comparer(rules).compareWindows(base, cur) : new Comparer(rules).compare(base, cur);
        var out = spec.commandLine().getOut();
        out.print(ComparisonText.console(c));
        if (output != null) {
            ReportFiles files = ReportFiles.of(output).create();
            Files.writeString(files.dir().resolve("comparison.md"), ComparisonText.markdown(c), StandardCharsets.UTF_8);
            BaselineStore.writeJson(c, files.dir().resolve("comparison.json"));
            out.println("Reports: " + files.dir().resolve("comparison.md") + ", " + files.dir().resolve("comparison.json"));
        }
        out.flush();
        return c.verdict() == Change.REGRESSION ? ExitCodes.REGRESSION : ExitCodes.PASSED;
    }
}
