package dev.stampede.cli;

import dev.stampede.core.config.ConfigBinder;
import dev.stampede.core.config.ConfigException;
import dev.stampede.core.config.RunConfig;
import dev.stampede.core.target.TargetAction;
import dev.stampede.core.target.TargetProvider;
import dev.stampede.core.target.TargetRegistry;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Base of the commands that act on the configured targets outside a load run (a {@link TargetAction}, or
 * {@code stampede clean}): the shared flags for where the targets are (--config, --database-url), --verbose, and
 * finding the provider that offers a verb.
 */
abstract class TargetActionCommand extends NeedsEnvironment {
    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Configuration file (for the targets' URLs and own names).")
    Path config;

    @Option(names = "--database-url", paramLabel = "URL", description = "The database (default: DATABASE_URL).")
    String databaseUrl;

    @Option(names = {"-v", "--verbose"}, description = "Stack traces on errors.")
    boolean verbose;

    /** Runs the action {@code verb} of the provider that offers it, with the configured target's settings. */
    int runAction(String verb, Map<String, List<String>> options, Path output) throws Exception {
        List<ConfigBinder.Setting> flags = new ArrayList<>();
        if (databaseUrl != null) flags.add(new ConfigBinder.Setting("database.url", databaseUrl, "--database-url"));
        TargetRegistry registry = TargetRegistry.discover();
        RunConfig rc = ConfigBinder.load(config, env, flags, registry);
        Path out = output != null ? output : Path.of("stampede-results");
        for (TargetProvider p : registry.providers()) {
            for (TargetAction a : p.actions()) {
                if (a.name().equals(verb)) return a.run(rc.targets().get(p.name()), options, spec.commandLine().getOut(), out);
            }
        }
        throw new ConfigException("no target on the classpath offers '" + verb + "'; the PostgreSQL module provides it");
    }
}
