package dev.stampede.postgres.backup;

import dev.stampede.core.api.TargetUnreachableException;
import dev.stampede.core.config.ConfigException;
import dev.stampede.core.util.Secrets;
import dev.stampede.postgres.DatabaseConfig;
import dev.stampede.postgres.DatabaseUrl;
import dev.stampede.postgres.PgTarget;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Verifies that a backup of a database restores to the same data: dumps the source with {@code pg_dump -Fc} (or
 * takes the user's archive), restores it with {@code pg_restore} into a scratch database it creates, compares every
 * table's row count and checksum with the source ({@link TableInventory}), and drops the scratch database, also when
 * interrupted. When it dumps the source itself, the source's figures and the dump come from one snapshot
 * ({@code pg_export_snapshot()} handed to {@code pg_dump --snapshot}), so writes going on meanwhile cannot make a
 * good dump look bad. It reads the source and writes only into the scratch database.
 *
 * <p>Outcomes: a verification that ran returns a {@link BackupVerification}, passed or failed with its reasons (a
 * dump that does not restore, a table that differs). Bad input (no such dump, not a dump, no matching pg_dump, a
 * schema that does not exist, no right to create a database) is a {@link ConfigException}; an unreachable server a
 * {@link TargetUnreachableException}. No message carries the password: the client programs get it through
 * {@code PGPASSWORD} and their output is redacted. Not thread-safe; one verification per instance at a time.
 */
public final class BackupVerifier {
    private static final String APP = "stampede-backup-verify";

    /**
     * What to verify.
     *
     * @param source  the database to compare against (and to dump when {@code dump} is null)
     * @param dump    the user's archive, or null to dump the source now
     * @param schemas the schemas to compare (and dump); empty for all
     * @param pgBin   the directory of pg_dump/pg_restore to use, or null to look for them
     * @param workDir where a dump made now is written; it is deleted afterwards unless {@code keepDump}
     * @param timeout the longest pg_dump or pg_restore may run
     * @param keepDump keep the dump made now in {@code workDir} instead of deleting it
     */
    public record Request(DatabaseUrl source, Path dump, List<String> schemas, Path pgBin, Path workDir, Duration timeout,
                          boolean keepDump) {
        public Request {
            schemas = List.copyOf(schemas);
        }
    }

    /** Runs the verification; progress lines go to {@code out}. */
    public BackupVerification verify(Request req, PrintWriter out) throws InterruptedException, IOException, TargetUnreachableException {
        DumpFormat givenFormat = req.dump() == null ? null : DumpFormat.of(req.dump());
        DatabaseUrl url = req.source();
        PgTarget target = PgTarget.connect(url, sessionConfig());
        PgClientTools tools = PgClientTools.find(target.serverVersionNum(), req.pgBin());
        String serverVersion;
        try {
            serverVersion = target.serverVersion();
        } catch (SQLException e) {
            throw new TargetUnreachableException("PostgreSQL at " + url.host() + ":" + url.port() + " stopped answering: "
                    + Secrets.redact(e.getMessage()), e);
        }
        out.println("backup verify: " + url.redacted() + ", " + serverVersion + "; " + tools.version() + " at " + tools.pgDump().getParent());
        out.flush();
        try (Connection src = target.open(APP)) {
            List<String> missing = TableInventory.missingSchemas(src, req.schemas());
            if (!missing.isEmpty()) {
                throw new ConfigException("schema " + String.join(", ", missing) + " does not exist in database '" + url.database()
                        + "'; name an existing schema with --schema, or leave it out to verify every schema");
            }
            src.setAutoCommit(false);
            src.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            src.setReadOnly(true);
            Path dump = req.dump();
            DumpFormat format = givenFormat;
            long dumpMillis = -1;
            boolean sameSnapshot = false;
            Path made = null;
            if (dump == null) {
                String snapshot = exportSnapshot(src);
                sameSnapshot = snapshot != null;
                Files.createDirectories(req.workDir());
                made = req.workDir().resolve("source-" + url.database().replaceAll("[^A-Za-z0-9_.-]", "_") + ".dump");
                List<String> cmd = new ArrayList<>(List.of(tools.pgDump().toString(), "--format=custom", "--no-password",
                        "--file=" + made));
                if (snapshot != null) cmd.add("--snapshot=" + snapshot);
                for (String s : req.schemas()) cmd.add("--schema=" + s);
                cmd.add("--dbname=" + url.database());
                out.println("  dumping " + url.database() + (snapshot != null ? " at snapshot " + snapshot : "") + " ...");
                out.flush();
                ToolRun r = ToolRun.run(cmd, clientEnv(url), null, req.timeout().toSeconds());
                if (r.exitCode() != 0) {
                    deleteQuietly(made);
                    return failed(url, serverVersion, tools, made, null, -1, List.of("pg_dump failed (exit " + r.exitCode() + "): "
                            + r.lastErrorLines(3)));
                }
                dump = made;
                format = DumpFormat.CUSTOM;
                dumpMillis = r.millis();
            }
            Map<String, TableInventory.TableStats> source;
            try {
                source = TableInventory.read(src, req.schemas());
                src.commit();
            } catch (SQLException e) {
                throw new TargetUnreachableException("reading the source's tables failed: " + Secrets.redact(e.getMessage()), e);
            }
            try {
                return restoreAndCompare(req, out, target, tools, serverVersion, dump, format, dumpMillis, sameSnapshot, source);
            } finally {
                if (made != null && !req.keepDump()) deleteQuietly(made);
            }
        } catch (SQLException e) {
            throw new TargetUnreachableException("PostgreSQL at " + url.host() + ":" + url.port() + " failed during the verification: "
                    + Secrets.redact(e.getMessage()), e);
        }
    }

    private BackupVerification restoreAndCompare(Request req, PrintWriter out, PgTarget target, PgClientTools tools, String serverVersion,
                                                 Path dump, DumpFormat format, long dumpMillis, boolean sameSnapshot,
                                                 Map<String, TableInventory.TableStats> source)
            throws SQLException, IOException, InterruptedException, TargetUnreachableException {
        DatabaseUrl url = req.source();
        long bytes = sizeOf(dump);
        ScratchDatabase scratch = ScratchDatabase.create(target);
        try {
            out.println("  restoring " + dump + " (" + BackupVerification.bytes(bytes) + ") into scratch database " + scratch.name() + " ...");
            out.flush();
            List<String> cmd = List.of(tools.pgRestore().toString(), "--no-owner", "--no-privileges", "--exit-on-error", "--no-password",
                    "--dbname=" + scratch.name(), dump.toString());
            ToolRun r = ToolRun.run(cmd, clientEnv(url), null, req.timeout().toSeconds());
            List<BackupVerification.TableRow> rows = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            if (r.exitCode() != 0) {
                problems.add("pg_restore failed (exit " + r.exitCode() + "): " + r.lastErrorLines(3)
                        + (r.stderr().contains("end of file") ? " (the dump is truncated or damaged)" : ""));
            }
            Map<String, TableInventory.TableStats> restored;
            PgTarget scratchTarget = PgTarget.connect(url.withDatabase(scratch.name()), sessionConfig());
            try (Connection c = scratchTarget.open(APP)) {
                restored = TableInventory.read(c, req.schemas());
            }
            problems.addAll(BackupVerification.compare(source, restored, rows));
            if (!problems.isEmpty() && req.dump() != null && r.exitCode() == 0) {
                problems.add("the dump was given, not made now: if it is older than the source's data, differences are expected");
            }
            return new BackupVerification(url.redacted(), serverVersion, tools.version(), dump.toString(), format, bytes, dumpMillis,
                    r.millis(), scratch.name(), sameSnapshot, rows, problems);
        } finally {
            scratch.drop();
        }
    }

    private static BackupVerification failed(DatabaseUrl url, String serverVersion, PgClientTools tools, Path dump, DumpFormat f,
                                             long dumpMillis, List<String> problems) {
        return new BackupVerification(url.redacted(), serverVersion, tools.version(), String.valueOf(dump), f, 0, dumpMillis, -1, null,
                false, List.of(), problems);
    }

    /** A snapshot id pg_dump can import, or null when the server cannot export one (a standby of an old version). */
    private static String exportSnapshot(Connection c) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_export_snapshot()")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // the next statement will say what is wrong
            }
            return null;
        }
    }

    /** libpq's environment for the client programs: where to connect and the password, never on the command line. */
    static Map<String, String> clientEnv(DatabaseUrl url) {
        Map<String, String> env = new HashMap<>();
        String host = url.host();
        env.put("PGHOST", host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        env.put("PGPORT", Integer.toString(url.port()));
        if (url.user() != null) env.put("PGUSER", url.user());
        if (url.password() != null) env.put("PGPASSWORD", url.password());
        String ssl = url.params().get("sslmode");
        if (ssl != null) env.put("PGSSLMODE", ssl);
        env.put("PGAPPNAME", APP);
        env.put("PGCONNECT_TIMEOUT", "10");
        return env;
    }

    /** Session settings for Stampede's own connections here: no statement timeout (checksums of big tables take time). */
    private static DatabaseConfig sessionConfig() {
        return new DatabaseConfig(null, null, 0, Duration.ofMinutes(30), Duration.ofSeconds(10), Duration.ZERO, "public");
    }

    private static long sizeOf(Path p) throws IOException {
        if (!Files.isDirectory(p)) return Files.size(p);
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a temporary file left behind in the output directory; nothing else depends on it
        }
    }

    /**
     * The scratch database: created with a random name no other database has, dropped at the end, and dropped by a
     * shutdown hook if the process is stopped (Ctrl-C) before that. Only a database this class created is ever
     * dropped.
     */
    static final class ScratchDatabase {
        private final PgTarget server;
        private final String name;
        private final Thread hook;
        private boolean dropped;

        private ScratchDatabase(PgTarget server, String name) {
            this.server = server;
            this.name = name;
            this.hook = new Thread(this::dropQuietly, "stampede-scratch-drop");
        }

        static ScratchDatabase create(PgTarget server) throws SQLException {
            String name = "stampede_verify_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
            try (Connection c = server.open(APP); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + TableInventory.quote(name) + " TEMPLATE template0");
            } catch (SQLException e) {
                if ("42501".equals(e.getSQLState())) {
                    throw new ConfigException("user '" + server.url().user() + "' may not create databases on " + server.url().host() + ":"
                            + server.url().port() + ", and verification restores into a scratch database it creates and drops; "
                            + "grant CREATEDB (ALTER ROLE ... CREATEDB) or verify as a user who has it");
                }
                throw e;
            }
            ScratchDatabase d = new ScratchDatabase(server, name);
            Runtime.getRuntime().addShutdownHook(d.hook);
            return d;
        }

        String name() { return name; }

        synchronized void drop() throws SQLException {
            if (dropped) return;
            try (Connection c = server.open(APP); Statement s = c.createStatement()) {
                if (server.serverVersionNum() >= 130_000) {
                    s.execute("DROP DATABASE IF EXISTS " + TableInventory.quote(name) + " WITH (FORCE)");
                } else {
                    s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
                    s.execute("DROP DATABASE IF EXISTS " + TableInventory.quote(name));
                }
            }
            dropped = true;
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down: the hook is running this
            }
        }

        private void dropQuietly() {
            try {
                drop();
            } catch (SQLException ignored) {
                // best effort while the JVM exits; the name starts with stampede_verify_ for a manual DROP
            }
        }
    }
}
