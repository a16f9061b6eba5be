package dev.stampede.cli;

import dev.stampede.core.config.ConfigBinder;
import dev.stampede.core.config.ConfigException;
import dev.stampede.core.config.RunConfig;
import dev.stampede.core.target.TargetProvider;
import dev.stampede.core.target.TargetRegistry;
import dev.stampede.core.target.TargetSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code stampede clean}: asks every configured target to remove what Stampede created in it (PostgreSQL: the
 * tables its ledger lists in its own schema, and the schema when nothing else is left), and nothing else.
 */
@Command(name = "clean", mixinStandardHelpOptions = true,
        description = {"Remove what Stampede created in each configured target, and nothing else.",
                "PostgreSQL: the tables listed in <schema>.stampede_meta of DATABASE_URL's database."})
public final class CleanCommand extends TargetActionCommand implements Callable<Integer> {
    @Option(names = "--schema", paramLabel = "NAME", description = "Stampede's schema to clean (default: database.schema, stampede).")
    String schema;

    @Override
    public Integer call() throws Exception {
        List<ConfigBinder.Setting> flags = new java.util.ArrayList<>();
        if (databaseUrl != null) flags.add(new ConfigBinder.Setting("database.url", databaseUrl, "--database-url"));
        if (schema != null) flags.add(new ConfigBinder.Setting("database.schema", schema, "--schema"));
        TargetRegistry registry = TargetRegistry.discover();
        RunConfig rc = ConfigBinder.load(config, env, flags, registry);
        PrintWriter out = spec.commandLine().getOut();
        boolean any = false;
        int code = ExitCodes.PASSED;
        for (TargetProvider p : registry.providers()) {
            TargetSettings s = rc.targets().get(p.name());
            if (s == null || !s.configured()) continue;
            any = true;
            code = Math.max(code, p.clean(s, out));
        }
        if (!any) {
            throw new ConfigException("no target to clean: set DATABASE_URL or --database-url (or a target's URL in --config); "
                    + "embedded servers are temporary and need no cleaning");
        }
        out.flush();
        return code;
    }
}
