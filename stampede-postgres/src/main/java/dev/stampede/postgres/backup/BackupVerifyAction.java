package dev.stampede.postgres.backup;

import dev.stampede.core.config.ConfigException;
import dev.stampede.core.target.TargetAction;
import dev.stampede.core.target.TargetSettings;
import dev.stampede.postgres.ActionSupport;
import dev.stampede.postgres.DatabaseUrl;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code stampede backup verify}: the PostgreSQL target's backup check ({@link BackupVerifier}) behind the CLI's
 * verb. Options: {@code dump} (an archive to verify instead of dumping now), {@code schema} (repeatable),
 * {@code pg-bin}, {@code timeout-seconds}, {@code keep-dump}. Writes {@code backup-verify.json} into the output
 * directory. Exit code 0 when the backup restored to the same data, 1 when it did not. Stateless.
 */
public final class BackupVerifyAction implements TargetAction {
    /** The verb the CLI calls it by. */
    public static final String NAME = "backup-verify";

    @Override public String name() { return NAME; }

    @Override
    public String description() {
        return "dump the database (or take --dump FILE), restore it into a scratch database, compare every table, drop the scratch database";
    }

    @Override
    public int run(TargetSettings settings, Map<String, List<String>> options, PrintWriter out, Path outputDir) throws Exception {
        DatabaseUrl url = ActionSupport.requireUrl(settings, "backup verify needs the database to verify");
        Path dump = first(options, "dump") == null ? null : Path.of(first(options, "dump"));
        Path pgBin = first(options, "pg-bin") == null ? null : Path.of(first(options, "pg-bin"));
        long timeout = parseTimeout(first(options, "timeout-seconds"));
        boolean keep = options.containsKey("keep-dump");
        List<String> schemas = options.getOrDefault("schema", List.of());
        var req = new BackupVerifier.Request(url, dump, schemas, pgBin, outputDir, Duration.ofSeconds(timeout), keep);
        BackupVerification v = new BackupVerifier().verify(req, out);
        Path json = ActionSupport.writeJson(outputDir, "backup-verify.json", v.toJson());
        out.print(v.summary());
        if (dump == null && !keep && v.dumpMillis() >= 0) out.println("  note     the dump made now was deleted; --keep-dump keeps it");
        out.println("  report   " + json);
        out.flush();
        return v.passed() ? 0 : 1;
    }

    private static String first(Map<String, List<String>> options, String key) {
        List<String> v = options.get(key);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static long parseTimeout(String s) {
        if (s == null) return 3600;
        try {
            long v = Long.parseLong(s.trim());
            if (v < 1) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new ConfigException("--timeout-seconds '" + s + "' is not a whole number of seconds of at least 1; for example 3600");
        }
    }
}
