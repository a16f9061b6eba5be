package dev.stampede.cli;

import dev.stampede.core.config.ConfigBinder;
import dev.stampede.core.config.ConfigException;
import dev.stampede.core.config.RunConfig;
import dev.stampede.core.target.TargetAction;
import dev.stampede.core.target.TargetProvider;
import dev.stampede.core.target.TargetRegistry;
import dev.stampede.core.target.TargetSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code stampede backup}: backup tools. The work is the target's ({@link TargetAction} {@code backup-verify}); this
 * command only parses the flags and finds the configured target that offers it.
 */
@Command(name = "backup", mixinStandardHelpOptions = true, description = "Backup tools.",
        subcommands = {BackupCommand.Verify.class})
public final class BackupCommand {

    /** {@code stampede backup verify}. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Verify that a backup restores to the same data as DATABASE_URL's database.",
                    "Dumps the database with pg_dump -Fc (or takes --dump FILE), restores it with pg_restore into a scratch database it "
                            + "creates and drops, and compares every table's row count and checksum with the source. Writes "
                            + "backup-verify.json into the output directory. Exit 0: the backup restores to the same data; 1: it does "
                            + "not (the reasons are listed); 2: bad input (no such dump, not a dump, no matching pg_dump, unknown schema)."})
    static final class Verify extends NeedsEnvironment implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--dump", paramLabel = "FILE", description = "A pg_dump archive (-Fc, -Ft or -Fd) to verify instead of dumping now.")
        Path dump;

        @Option(names = "--schema", paramLabel = "NAME", description = "Compare (and dump) only this schema; repeatable. Default: all.")
        List<String> schemas = new ArrayList<>();

        @Option(names = "--pg-bin", paramLabel = "DIR", description = "Directory of the pg_dump and pg_restore to use (default: found on PATH "
                + "or in /usr/lib/postgresql, the closest version not older than the server).")
        Path pgBin;

        @Option(names = "--timeout-seconds", paramLabel = "N", description = "Longest pg_dump or pg_restore may run (default: 3600).")
        String timeoutSeconds;

        @Option(names = "--keep-dump", description = "Keep the dump made now in the output directory.")
        boolean keepDump;

        @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Where backup-verify.json goes (default: stampede-results).")
        Path output;

        @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Configuration file (for database.url).")
        Path config;

        @Option(names = "--database-url", paramLabel = "URL", description = "Database to verify (default: DATABASE_URL).")
        String databaseUrl;

        @Option(names = {"-v", "--verbose"}, description = "Stack traces on errors.")
        boolean verbose;

        @Override
        public Integer call() throws Exception {
            List<ConfigBinder.Setting> flags = new ArrayList<>();
            if (databaseUrl != null) flags.add(new ConfigBinder.Setting("database.url", databaseUrl, "--database-url"));
            TargetRegistry registry = TargetRegistry.discover();
            RunConfig rc = ConfigBinder.load(config, env, flags, registry);
            Map<String, List<String>> options = new LinkedHashMap<>();
            if (dump != null) options.put("dump", List.of(dump.toString()));
            if (!schemas.isEmpty()) options.put("schema", List.copyOf(schemas));
            if (pgBin != null) options.put("pg-bin", List.of(pgBin.toString()));
            if (timeoutSeconds != null) options.put("timeout-seconds", List.of(timeoutSeconds));
            if (keepDump) options.put("keep-dump", List.of());
            Path out = output != null ? output : Path.of("stampede-results");
            for (TargetProvider p : registry.providers()) {
                for (TargetAction a : p.actions()) {
                    if (!a.name().equals("backup-verify")) continue;
                    TargetSettings s = rc.targets().get(p.name());
                    return a.run(s, options, spec.commandLine().getOut(), out);
                }
            }
            throw new ConfigException("no target on the classpath offers backup verification; the PostgreSQL module provides it");
        }
    }
}
