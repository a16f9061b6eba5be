package dev.stampede.postgres.backup;

import dev.stampede.core.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PgClientToolsTest {
    @TempDir
    Path tmp;

    @Test
    void majorVersionsOfOldAndNewNumbering() {
        assertEquals(1500, PgClientTools.majorOf("pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)"));
        assertEquals(1800, PgClientTools.majorOf("pg_dump (PostgreSQL) 18.1"));
        assertEquals(906, PgClientTools.majorOf("pg_dump (PostgreSQL) 9.6.24"));
        assertEquals(-1, PgClientTools.majorOf("something else"));
    }

    /** A fake installation: scripts that print a version, standing in for the real programs' --version only. */
    private Path install(String name, String version) throws Exception {
        Path bin = Files.createDirectories(tmp.resolve(name));
        for (String p : List.of("pg_dump", "pg_restore")) {
            Path f = bin.resolve(p);
            Files.writeString(f, "#!/bin/sh\necho '" + p + " (PostgreSQL) " + version + "'\n");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return bin;
    }

    @Test
    void theClosestVersionNotOlderThanTheServerWins() throws Exception {
        Path v14 = install("v14", "14.9"), v17 = install("v17", "17.2"), v16 = install("v16", "16.4");
        PgClientTools t = PgClientTools.find(150_020, List.of(v14, v17, v16), null);
        assertEquals(1600, t.major());
        assertEquals(v16.resolve("pg_dump"), t.pgDump());
        assertEquals(v16.resolve("pg_restore"), t.pgRestore());
    }

    @Test
    void onlyOlderToolsIsAnErrorNamingThemAndThePackage() throws Exception {
        Path v14 = install("v14", "14.9");
        var e = assertThrows(ConfigException.class, () -> PgClientTools.find(180_001, List.of(v14), null));
        assertTrue(e.getMessage().contains("PostgreSQL 18 or newer"), e.getMessage());
        assertTrue(e.getMessage().contains("found only 14 at " + v14.resolve("pg_dump")), e.getMessage());
        assertTrue(e.getMessage().contains("postgresql-client-18") && e.getMessage().contains("--pg-bin"), e.getMessage());
    }

    @Test
    void theSearchPathKeepsOrderAndDropsDuplicates() {
        List<Path> p = PgClientTools.searchPath(Path.of("/opt/pg/bin"), "/usr/bin:/opt/pg/bin::/bin", null);
        assertEquals(List.of(Path.of("/opt/pg/bin"), Path.of("/usr/bin"), Path.of("/bin")), p);
    }
}
