package dev.stampede.cli;

import picocli.CommandLine.Command;

/** The top-level {@code stampede} command: only subcommands. */
@Command(name = "stampede", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Load, performance and reliability testing for PostgreSQL-backed stacks.",
        subcommands = {RunCommand.class, InitConfigCommand.class, ScenariosCommand.class, CleanCommand.class,
                BaselineCommand.class, CompareCommand.class, MergeCommand.class, K8sCommand.class, BackupCommand.class, IntegrityCommand.class, DemoCommand.class,
                picocli.CommandLine.HelpCommand.class},
        footer = {"", "Start with: stampede run --quick   (embedded PostgreSQL when DATABASE_URL is not set)", "",
                ExitCodes.HELP})
public final class StampedeCommand {
}
