package dev.stampede.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The PostgreSQL target's tools through the CLI, {@code stampede backup verify} and {@code stampede integrity}: exit
 * codes, the report files, one-line errors, no password.
 */
class BackupCliIT {
    private static final String SCHEMA = "stampede_it_backup_cli";
    private static final String PASSWORD = "Cli-pw-91b2";
    private static final String URL = Cli.PG.replace("postgres@", "postgres:" + PASSWORD + "@");

    @TempDir
    Path tmp;

    @BeforeAll
    static void schema() throws Exception {
        Cli.dropSchema(SCHEMA);
        try (var c = Cli.connect(); var s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + SCHEMA);
            s.execute("CREATE TABLE " + SCHEMA + ".t(id int PRIMARY KEY, v text)");
            s.execute("INSERT INTO " + SCHEMA + ".t SELECT g, md5(g::text) FROM generate_series(1, 500) g");
            s.execute("CREATE TABLE " + SCHEMA + ".notes(id int PRIMARY KEY, t_id int, body text)");
            s.execute("INSERT INTO " + SCHEMA + ".notes VALUES (1, 1, 'a'), (2, 2, NULL), (3, 777, 'c')");
        }
    }

    @AfterAll
    static void drop() throws Exception {
        Cli.dropSchema(SCHEMA);
    }

    @Test
    void aSchemaVerifiesWithExitZeroAndAReportFile() throws Exception {
        Cli r = Cli.run(Map.of("DATABASE_URL", URL), "backup", "verify", "--schema", SCHEMA, "-o", tmp.toString(), "--keep-dump");
        assertEquals(0, r.code(), r.all());
        assertTrue(r.out().contains("backup verify: PASSED"), r.all());
        String json = Files.readString(tmp.resolve("backup-verify.json"));
        assertTrue(json.contains("\"verdict\" : \"passed\"") && json.contains("\"restored_rows\" : 500"), json);
        assertTrue(Files.exists(tmp.resolve("source-test.dump")), "--keep-dump keeps the dump");
        assertFalse(r.all().contains(PASSWORD) || json.contains(PASSWORD), r.all());
    }

    @Test
    void aTruncatedDumpExitsOneWithTheReason() throws Exception {
        Cli made = Cli.run(Map.of("DATABASE_URL", URL), "backup", "verify", "--schema", SCHEMA, "-o", tmp.toString(), "--keep-dump");
        assertEquals(0, made.code(), made.all());
        byte[] all = Files.readAllBytes(tmp.resolve("source-test.dump"));
        Path half = Files.write(tmp.resolve("half.dump"), java.util.Arrays.copyOf(all, all.length / 2));
        Cli r = Cli.run(Map.of("DATABASE_URL", URL), "backup", "verify", "--schema", SCHEMA, "--dump", half.toString(), "-o", tmp.toString());
        assertEquals(1, r.code(), r.all());
        assertTrue(r.out().contains("backup verify: FAILED") && r.out().contains("pg_restore failed"), r.all());
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws Exception {
        Path text = Files.writeString(tmp.resolve("x.dump"), "not a dump");
        Cli r = Cli.run(Map.of("DATABASE_URL", URL), "backup", "verify", "--dump", text.toString(), "-o", tmp.toString());
        assertEquals(2, r.code(), r.all());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("is not a pg_dump archive"), r.err());
        Cli none = Cli.run(Map.of(), "backup", "verify", "-o", tmp.toString());
        assertEquals(2, none.code(), none.all());
        assertTrue(none.err().contains("set DATABASE_URL"), none.err());
        assertFalse(r.all().contains(PASSWORD));
    }

    @Test
    void integrityExitsZeroWhenCleanAndOneWithFindings() throws Exception {
        Cli clean = Cli.run(Map.of("DATABASE_URL", URL), "integrity", "--schema", SCHEMA, "--unique", "t.v", "--not-null", "t.v",
                "-o", tmp.toString());
        assertEquals(0, clean.code(), clean.all());
        assertTrue(clean.out().contains("integrity: CLEAN"), clean.all());
        Cli found = Cli.run(Map.of("DATABASE_URL", URL), "integrity", "--schema", SCHEMA, "--not-null", "notes.body",
                "--relation", "notes.t_id -> t.id", "-o", tmp.toString());
        assertEquals(1, found.code(), found.all());
        assertTrue(found.out().contains("2 FINDINGS"), found.all());
        String json = Files.readString(tmp.resolve("integrity.json"));
        assertTrue(json.contains("\"sample\" : \"(777)\"") && json.contains("\"sample\" : \"2\""), json);
        Cli bad = Cli.run(Map.of("DATABASE_URL", URL), "integrity", "--schema", SCHEMA, "--unique", "nosuch.col", "-o", tmp.toString());
        assertEquals(2, bad.code(), bad.all());
        assertTrue(bad.err().contains("does not exist"), bad.err());
        assertFalse((clean.all() + found.all() + bad.all() + json).contains(PASSWORD));
    }
}
