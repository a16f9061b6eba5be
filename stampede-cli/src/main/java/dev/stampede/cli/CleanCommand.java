package dev.stampede.cli;

import dev.stampede.core.config.ConfigBinder;
import dev.stampede.core.config.ConfigException;
import dev.stampede.core.config.RunConfig;
import dev.stampede.postgres.DatabaseUrl;
import dev.stampede.postgres.OwnSchema;
import dev.stampede.postgres.PgTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code stampede clean}: drops the tables Stampede created in its own schema, as its ledger lists
 * them, and the schema if nothing else is left. Never touches anything else.
 */
@Command(name = "clean", mixinStandardHelpOptions = true,
        description = "Drop the tables Stampede created (listed in <schema>.stampede_meta) from DATABASE_URL's database.")
public final class CleanCommand extends NeedsEnvironment implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Configuration file (for database.url and database.schema).")
    Path config;

    @Option(names = "--database-url", paramLabel = "URL", description = "Database to clean (default: DATABASE_URL).")
    String databaseUrl;

    @Option(names = {"-v", "--verbose"}, description = "Stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        List<ConfigBinder.Setting> flags = databaseUrl == null ? List.of()
                : List.of(new ConfigBinder.Setting("database.url", databaseUrl, "--database-url"));
        RunConfig rc = ConfigBinder.load(config, env, flags);
        if (rc.database().url() == null) {
            throw new ConfigException("no database to clean: set DATABASE_URL or --database-url (the embedded database is "
                    + "temporary and needs no cleaning)");
        }
        DatabaseUrl url = DatabaseUrl.parse(rc.database().url(), "database.url");
        PgTarget target = PgTarget.connect(url, rc.database());
        OwnSchema own = new OwnSchema(rc.database().schema());
        try (Connection c = target.open("stampede-clean")) {
            List<String> tables = own.ownedTables(c);
            own.dropOwned(c);
            spec.commandLine().getOut().println(tables.isEmpty() ? "Nothing to clean in schema " + own.name() + "."
                    : "Dropped " + tables.size() + " Stampede tables from schema " + own.name() + ": " + String.join(", ", tables));
        }
        return ExitCodes.PASSED;
    }
}
