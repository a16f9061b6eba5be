package dev.stampede.cli;

import dev.stampede.core.config.ConfigBinder;
import dev.stampede.core.config.Durations;
import dev.stampede.core.config.RunConfig;
import dev.stampede.core.config.ScenarioSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code stampede scenarios}: lists the presets and the config file's scenarios. */
@Command(name = "scenarios", mixinStandardHelpOptions = true, description = "List the scenarios that 'run --scenarios' accepts.")
public final class ScenariosCommand extends NeedsEnvironment implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Also list this config file's scenarios.")
    Path config;

    @Override
    public Integer call() {
        RunConfig rc = ConfigBinder.load(config, env, List.of());
        var out = spec.commandLine().getOut();
        out.printf("%-12s %6s  %-9s %s%n", "NAME", "USERS", "DURATION", "DESCRIPTION");
        for (ScenarioSpec s : rc.scenarios().values()) {
            String d = s.duration() != null ? Durations.format(s.duration()) : s.phases().isEmpty() ? s.iterations() + " it." : "phases";
            out.printf("%-12s %6d  %-9s %s%s%n", s.name(), s.connections(), d, s.description(),
                    s.qpsTarget() > 0 ? " (open model, " + s.qpsTarget() + "/s)" : "");
        }
        return ExitCodes.PASSED;
    }
}
