package dev.stampede.postgres.backup;

import dev.stampede.core.config.ConfigException;
import dev.stampede.postgres.DatabaseUrl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code backup verify} against the PostgreSQL service: a database of this test's own (created and dropped here),
 * dumped by the verifier or by the test with Debian's pg_dump, restored into scratch databases the verifier must
 * drop. Row counts are checked against the test's own count(*) queries, not the verifier's figures alone.
 */
class BackupVerifyIT {
    private static final String DB = "stampede_it_backup_src";
    /** Trust auth accepts any password: this one must never be printed. */
    private static final String PASSWORD = "Pw-backup-7f3e";
    private static final String ADMIN = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private static final DatabaseUrl SOURCE = DatabaseUrl.parse("postgresql://postgres:" + PASSWORD + "@127.0.0.1:5432/" + DB, "test");

    @TempDir
    Path tmp;

    @BeforeAll
    static void createSource() throws Exception {
        try (Connection c = DriverManager.getConnection(ADMIN, "postgres", null); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DB + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + DB);
        }
        try (Connection c = source(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE players(id int PRIMARY KEY, name text, score numeric(12,3), meta jsonb, seen timestamptz)");
            s.execute("INSERT INTO players SELECT g, 'p''\"' || g, g * 1.5, jsonb_build_object('lvl', g % 7), "
                    + "CASE WHEN g % 5 = 0 THEN NULL ELSE now() - g * interval '1 minute' END FROM generate_series(1, 4000) g");
            s.execute("CREATE SCHEMA ledger");
            s.execute("CREATE TABLE ledger.entries(id bigserial PRIMARY KEY, player int REFERENCES players(id), amount float8, at date)");
            s.execute("INSERT INTO ledger.entries(player, amount, at) SELECT 1 + g % 4000, g / 3.0, date '2026-01-01' + g % 300 "
                    + "FROM generate_series(1, 6000) g");
            s.execute("CREATE TABLE ledger.by_month(m int, total float8) PARTITION BY RANGE (m)");
            s.execute("CREATE TABLE ledger.by_month_1 PARTITION OF ledger.by_month FOR VALUES FROM (1) TO (7)");
            s.execute("CREATE TABLE ledger.by_month_2 PARTITION OF ledger.by_month FOR VALUES FROM (7) TO (13)");
            s.execute("INSERT INTO ledger.by_month SELECT 1 + g % 12, g FROM generate_series(1, 1200) g");
            s.execute("CREATE TABLE ledger.empty_one(x int)");
            s.execute("CREATE SCHEMA solo");
            s.execute("CREATE TABLE solo.notes(id int PRIMARY KEY, body text)");
            s.execute("INSERT INTO solo.notes SELECT g, repeat('n', g % 50) FROM generate_series(1, 700) g");
        }
    }

    @AfterAll
    static void dropSource() throws Exception {
        try (Connection c = DriverManager.getConnection(ADMIN, "postgres", null); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DB + " WITH (FORCE)");
        }
    }

    private static Connection source() throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + DB, "postgres", null);
    }

    private static List<String> scratchDatabases() throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(ADMIN, "postgres", null); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'stampede\\_verify\\_%' ORDER BY 1")) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    /** The test's own count of every table, independent of the verifier's inventory. */
    private static Map<String, Long> counts() throws Exception {
        Map<String, Long> m = new TreeMap<>();
        try (Connection c = source(); Statement s = c.createStatement()) {
            for (String t : List.of("public.players", "ledger.entries", "ledger.by_month_1", "ledger.by_month_2", "ledger.empty_one", "solo.notes")) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + t)) {
                    rs.next();
                    m.put(t, rs.getLong(1));
                }
            }
        }
        return m;
    }

    private BackupVerification verify(Path dump, List<String> schemas, StringWriter log) throws Exception {
        var req = new BackupVerifier.Request(SOURCE, dump, schemas, null, tmp.resolve("work"), Duration.ofMinutes(2), false);
        return new BackupVerifier().verify(req, new PrintWriter(log, true));
    }

    private Path pgDump(String name) throws Exception {
        Path f = tmp.resolve(name);
        ToolRun r = ToolRun.run(List.of("pg_dump", "-Fc", "-f", f.toString(), DB), BackupVerifier.clientEnv(SOURCE), null, 60);
        assertEquals(0, r.exitCode(), r.stderr());
        return f;
    }

    @Test
    void aDumpMadeNowRestoresToTheSameRowsAndTheScratchDatabaseIsDropped() throws Exception {
        List<String> before = scratchDatabases();
        StringWriter log = new StringWriter();
        BackupVerification v = verify(null, List.of(), log);
        assertTrue(v.passed(), v.summary());
        assertTrue(v.snapshotMatched());
        assertTrue(v.dumpMillis() >= 0 && v.restoreMillis() >= 0 && v.dumpBytes() > 0);
        Map<String, Long> expected = counts();
        Map<String, Long> seen = new TreeMap<>();
        for (var row : v.tables()) seen.put(row.table(), row.sourceRows());
        assertEquals(expected, seen, "every table, with the counts the test reads itself");
        for (var row : v.tables()) assertEquals(row.sourceRows(), row.restoredRows(), row.table());
        assertEquals(before, scratchDatabases(), "the scratch database is gone");
        assertFalse(Files.exists(tmp.resolve("work").resolve("source-" + DB + ".dump")), "the dump made now is deleted unless kept");
        String everything = log + v.summary() + v.toJson();
        assertFalse(everything.contains(PASSWORD), everything);
    }

    @Test
    void writesDuringTheDumpDoNotMakeItFailBecauseBothSidesReadOneSnapshot() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong inserted = new AtomicLong();
        Thread writer = Thread.ofPlatform().start(() -> {
            try (Connection c = source(); Statement s = c.createStatement()) {
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (!stop.get() && System.nanoTime() < deadline) {
                    s.execute("INSERT INTO ledger.entries(player, amount, at) VALUES (1, 1.0, date '2026-06-01')");
                    inserted.incrementAndGet();
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        try {
            while (inserted.get() < 50) Thread.onSpinWait();
            BackupVerification v = verify(null, List.of(), new StringWriter());
            assertTrue(v.passed(), v.summary());
        } finally {
            stop.set(true);
            writer.join();
        }
        assertTrue(inserted.get() > 50);
    }

    @Test
    void aGoodDumpPassesAndTheSameDumpTruncatedByHalfFailsWithTheReason() throws Exception {
        Path good = pgDump("good.dump");
        BackupVerification ok = verify(good, List.of(), new StringWriter());
        assertTrue(ok.passed(), ok.summary());
        assertEquals(DumpFormat.CUSTOM, ok.format());
        assertEquals(-1, ok.dumpMillis(), "a given dump has no dump time");

        byte[] all = Files.readAllBytes(good);
        Path half = tmp.resolve("half.dump");
        Files.write(half, java.util.Arrays.copyOf(all, all.length / 2));
        List<String> before = scratchDatabases();
        BackupVerification bad = verify(half, List.of(), new StringWriter());
        assertFalse(bad.passed());
        assertTrue(bad.problems().get(0).startsWith("pg_restore failed"), bad.summary());
        assertTrue(bad.problems().get(0).contains("truncated or damaged"), bad.summary());
        assertEquals(before, scratchDatabases(), "the scratch database is dropped after a failed restore too");
    }

    @Test
    void aDumpOlderThanTheDataFailsOnExactlyTheTablesThatChanged() throws Exception {
        Path dump = pgDump("older.dump");
        try (Connection c = source(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO ledger.empty_one VALUES (1)");
            s.execute("UPDATE players SET name = 'changed' WHERE id = 17");
        }
        try {
            BackupVerification v = verify(dump, List.of(), new StringWriter());
            assertFalse(v.passed());
            List<String> differing = v.tables().stream().filter(t -> !t.ok()).map(BackupVerification.TableRow::table).sorted().toList();
            assertEquals(List.of("ledger.empty_one", "public.players"), differing, v.summary());
            assertTrue(v.problems().stream().anyMatch(p -> p.contains("public.players has the same row count (4000) but different contents")),
                    v.summary());
            assertTrue(v.problems().stream().anyMatch(p -> p.contains("ledger.empty_one has 1 rows in the source and 0 after the restore")),
                    v.summary());
        } finally {
            try (Connection c = source(); Statement s = c.createStatement()) {
                s.execute("DELETE FROM ledger.empty_one");
                s.execute("UPDATE players SET name = 'p''\"' || id WHERE id = 17");
            }
        }
    }

    @Test
    void aSelfContainedSchemaAloneRestoresAndOneThatReferencesAnotherDoesNot() throws Exception {
        BackupVerification v = verify(null, List.of("solo"), new StringWriter());
        assertTrue(v.passed(), v.summary());
        assertEquals(List.of("solo.notes"), v.tables().stream().map(BackupVerification.TableRow::table).toList());
        assertEquals(700, v.tables().get(0).restoredRows());

        // ledger.entries references public.players: a dump of ledger alone is not a backup that restores
        BackupVerification partial = verify(null, List.of("ledger"), new StringWriter());
        assertFalse(partial.passed());
        assertTrue(partial.problems().get(0).contains("relation \"public.players\" does not exist"), partial.summary());
    }

    @Test
    void badInputIsAConfigExceptionNamingTheFix() throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.txt"), "hello");
        var e1 = assertThrows(ConfigException.class, () -> verify(text, List.of(), new StringWriter()));
        assertTrue(e1.getMessage().contains("is not a pg_dump archive"), e1.getMessage());
        Path sql = Files.writeString(tmp.resolve("plain.sql"), "--\n-- PostgreSQL database dump\n--\n");
        var e2 = assertThrows(ConfigException.class, () -> verify(sql, List.of(), new StringWriter()));
        assertTrue(e2.getMessage().contains("plain SQL script") && e2.getMessage().contains("pg_dump -Fc"), e2.getMessage());
        var e3 = assertThrows(ConfigException.class, () -> verify(tmp.resolve("missing.dump"), List.of(), new StringWriter()));
        assertTrue(e3.getMessage().contains("does not exist"), e3.getMessage());
        var e4 = assertThrows(ConfigException.class, () -> verify(null, List.of("no_such_schema"), new StringWriter()));
        assertTrue(e4.getMessage().contains("schema no_such_schema does not exist"), e4.getMessage());
        for (var e : List.of(e1, e2, e3, e4)) assertFalse(e.getMessage().contains(PASSWORD));
    }
}
