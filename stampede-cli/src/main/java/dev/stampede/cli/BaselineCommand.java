package dev.stampede.cli;

import dev.stampede.core.compare.BaselineStore;
import dev.stampede.core.compare.Measurements;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code stampede baseline}: keeps named baselines for {@code compare} and {@code run --baseline}. */
@Command(name = "baseline", mixinStandardHelpOptions = true, description = "Save named baselines for 'stampede compare' and 'run --baseline'.",
        subcommands = BaselineCommand.Save.class)
final class BaselineCommand {

    /** {@code stampede baseline save NAME [REPORT]}. */
    @Command(name = "save", mixinStandardHelpOptions = true,
            description = {"Save a report's per-run values and environment as baseline NAME (DIR/NAME.json, DIR default "
                    + BaselineStore.DEFAULT_DIR + "), replacing one of that name.",
                    "REPORT: a report.json or its directory (default stampede-results, the last run's reports). A report of a run "
                            + "with --repeat N saves all N runs; several reports save all their runs."},
            footer = {"", ExitCodes.HELP})
    static final class Save implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "The baseline's name: letters, digits, '.', '_', '-'.")
        String name;

        @Parameters(index = "1", arity = "0..*", paramLabel = "REPORT",
                description = "report.json or its directory (default stampede-results); several: their runs together.")
        java.util.List<Path> reports;

        @Option(names = "--baseline-dir", paramLabel = "DIR", description = "Where baselines are kept (default " + BaselineStore.DEFAULT_DIR + ").")
        Path dir;

        @Option(names = {"-v", "--verbose"}, description = "Stack traces on errors.")
        boolean verbose;

        @Override
        public Integer call() {
            java.util.List<Path> from = reports == null || reports.isEmpty() ? java.util.List.of(Path.of("stampede-results")) : reports;
            Measurements m = Measurements.merge(from.stream().map(p -> BaselineStore.read(p, p.toString())).toList());
            BaselineStore store = new BaselineStore(dir == null ? Path.of(BaselineStore.DEFAULT_DIR) : dir);
            Path file = store.save(name, m);
            var out = spec.commandLine().getOut();
            out.println("Saved baseline " + name + " (" + m.scenarios().size() + " scenario(s), " + m.runs() + " run(s) each, from "
                    + m.source() + ") to " + file);
            out.flush();
            return ExitCodes.PASSED;
        }
    }
}
