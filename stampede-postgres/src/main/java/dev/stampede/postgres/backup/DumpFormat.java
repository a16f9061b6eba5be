package dev.stampede.postgres.backup;

import dev.stampede.core.config.ConfigException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The archive formats pg_restore reads, told apart by their first bytes the way pg_restore itself does: custom
 * ({@code pg_dump -Fc}, magic {@code PGDMP}), tar ({@code -Ft}, a POSIX tar header) and directory ({@code -Fd}, a
 * directory with {@code toc.dat}). A plain SQL script ({@code -Fp}) is not an archive and is refused with the way
 * to make one. Reading the header proves only the kind of file; whether its contents are whole is what the restore
 * finds out.
 */
public enum DumpFormat {
    CUSTOM("custom (pg_dump -Fc)"),
    TAR("tar (pg_dump -Ft)"),
    DIRECTORY("directory (pg_dump -Fd)");

    private final String label;

    DumpFormat(String label) {
        this.label = label;
    }

    public String label() { return label; }

    /**
     * The format of the dump at {@code path}.
     *
     * @throws ConfigException when the path does not exist or is not a pg_dump archive, saying what it is instead
     */
    public static DumpFormat of(Path path) {
        if (!Files.exists(path)) {
            throw new ConfigException("the dump file " + path + " does not exist; give the path of a pg_dump archive (--dump FILE)");
        }
        if (Files.isDirectory(path)) {
            if (Files.isRegularFile(path.resolve("toc.dat"))) return DIRECTORY;
            throw new ConfigException("the dump " + path + " is a directory without toc.dat, not a pg_dump -Fd archive; "
                    + "give a pg_dump archive (-Fc, -Ft or -Fd)");
        }
        byte[] head = new byte[512];
        int n;
        try (InputStream in = Files.newInputStream(path)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new ConfigException("the dump file " + path + " cannot be read (" + e.getMessage() + "); check its permissions");
        }
        if (n >= 5 && new String(head, 0, 5, StandardCharsets.US_ASCII).equals("PGDMP")) return CUSTOM;
        if (n >= 262 && new String(head, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) return TAR;
        String text = new String(head, 0, n, StandardCharsets.UTF_8);
        if (text.contains("PostgreSQL database dump") || text.startsWith("--") || text.startsWith("SET ")) {
            throw new ConfigException("the dump file " + path + " is a plain SQL script, not an archive; verification restores "
                    + "archives with pg_restore: make one with pg_dump -Fc -f FILE");
        }
        throw new ConfigException("the file " + path + " is not a pg_dump archive (" + (n == 0 ? "it is empty"
                : "it does not start with the PGDMP magic of pg_dump -Fc, nor is it a tar or directory archive")
                + "); give a file written by pg_dump -Fc");
    }
}
