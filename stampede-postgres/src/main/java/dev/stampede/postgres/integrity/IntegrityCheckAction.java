package dev.stampede.postgres.integrity;

import dev.stampede.core.api.TargetUnreachableException;
import dev.stampede.core.target.TargetAction;
import dev.stampede.core.target.TargetSettings;
import dev.stampede.core.util.Secrets;
import dev.stampede.postgres.DatabaseConfig;
import dev.stampede.postgres.ActionSupport;
import dev.stampede.postgres.DatabaseUrl;
import dev.stampede.postgres.PgTarget;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code stampede integrity}: the PostgreSQL target's data integrity checks ({@link IntegrityChecker}) behind the
 * CLI's verb. Options: {@code schema}, {@code relation}, {@code not-null}, {@code unique} (each repeatable). Writes
 * {@code integrity.json}; exit code 0 when nothing was found, 1 when something was. Stateless.
 */
public final class IntegrityCheckAction implements TargetAction {
    /** The verb the CLI calls it by. */
    public static final String NAME = "integrity-check";

    @Override public String name() { return NAME; }

    @Override
    public String description() {
        return "orphaned foreign keys, nulls, duplicates, NOT VALID constraints and amcheck corruption checks, read-only";
    }

    @Override
    public int run(TargetSettings settings, Map<String, List<String>> options, PrintWriter out, Path outputDir) throws Exception {
        var req = IntegrityChecker.Request.of(options.getOrDefault("schema", List.of()), options.getOrDefault("relation", List.of()),
                options.getOrDefault("not-null", List.of()), options.getOrDefault("unique", List.of()));
        DatabaseUrl url = ActionSupport.requireUrl(settings, "integrity checks need the database to check");
        PgTarget target = PgTarget.connect(url, new DatabaseConfig(null, null, 0, Duration.ofMinutes(30), Duration.ofSeconds(10),
                Duration.ZERO, "public"));
        IntegrityReport report;
        try (Connection c = target.open("stampede-integrity")) {
            out.println("integrity: checking " + String.join(", ", req.schemas()) + " in " + url.redacted() + " (read-only) ...");
            out.flush();
            report = new IntegrityChecker().check(c, req);
        } catch (SQLException e) {
            throw new TargetUnreachableException("PostgreSQL at " + url.host() + ":" + url.port() + " failed during the integrity checks: "
                    + Secrets.redact(e.getMessage()), e);
        }
        Path json = ActionSupport.writeJson(outputDir, "integrity.json", report.toJson());
        out.print(report.summary());
        out.println("  report " + json);
        out.flush();
        return report.clean() ? 0 : 1;
    }
}
