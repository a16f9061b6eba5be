package dev.stampede.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code stampede backup}: backup tools. The work is the target's ({@code backup-verify}, a {@code TargetAction}); this
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
    static final class Verify extends TargetActionCommand implements Callable<Integer> {
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

        @Override
        public Integer call() throws Exception {
            Map<String, List<String>> options = new LinkedHashMap<>();
            if (dump != null) options.put("dump", List.of(dump.toString()));
            if (!schemas.isEmpty()) options.put("schema", List.copyOf(schemas));
            if (pgBin != null) options.put("pg-bin", List.of(pgBin.toString()));
            if (timeoutSeconds != null) options.put("timeout-seconds", List.of(timeoutSeconds));
            if (keepDump) options.put("keep-dump", List.of());
            return runAction("backup-verify", options, output);
        }
    }
}
