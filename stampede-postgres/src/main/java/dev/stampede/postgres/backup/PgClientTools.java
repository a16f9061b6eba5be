package dev.stampede.postgres.backup;

import dev.stampede.core.config.ConfigException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the {@code pg_dump} and {@code pg_restore} to use against a server of a given major version. pg_dump
 * refuses a server newer than itself and pg_restore reads only archives of its own version or older, so the pair
 * must come from one installation whose major version is at least the server's; the closest such version wins
 * (the one Debian's wrapper would pick). Looked for in the directory the user names, or else in every directory
 * on {@code PATH} and Debian's {@code /usr/lib/postgresql/<major>/bin}. Immutable.
 *
 * @param pgDump    the pg_dump program
 * @param pgRestore the pg_restore beside it
 * @param major     their major version, for example 15
 * @param version   the full version string pg_dump printed, for the report
 */
public record PgClientTools(Path pgDump, Path pgRestore, int major, String version) {
    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\)\\s+(\\d+)(?:\\.(\\d+))?");

    /** The major version in {@code pg_dump --version}'s output ("pg_dump (PostgreSQL) 15.20 (Debian ...)"), or -1. */
    static int majorOf(String versionOutput) {
        Matcher m = VERSION.matcher(versionOutput);
        if (!m.find()) return -1;
        int first = Integer.parseInt(m.group(1));
        // before PostgreSQL 10 the major version had two parts: 9.6
        return first < 10 && m.group(2) != null ? first * 100 + Integer.parseInt(m.group(2)) : first * 100;
    }

    /** The directories searched, in order, for {@code extraDir} (may be null) and the given PATH value. */
    static List<Path> searchPath(Path extraDir, String pathVariable, Path debianRoot) {
        Set<Path> dirs = new LinkedHashSet<>();
        if (extraDir != null) dirs.add(extraDir);
        if (pathVariable != null) {
            for (String d : pathVariable.split(java.io.File.pathSeparator)) if (!d.isBlank()) dirs.add(Path.of(d));
        }
        if (debianRoot != null && Files.isDirectory(debianRoot)) {
            try (Stream<Path> s = Files.list(debianRoot)) {
                s.sorted(Comparator.reverseOrder()).forEach(v -> dirs.add(v.resolve("bin")));
            } catch (IOException ignored) {
                // no Debian layout readable: PATH alone
            }
        }
        return new ArrayList<>(dirs);
    }

    /**
     * The tools for a server whose {@code server_version_num} is {@code serverVersionNum}.
     *
     * @param extraDir a directory the user named ({@code --pg-bin}), or null
     * @throws ConfigException when none fits, naming what was found and how to get the right one
     */
    public static PgClientTools find(int serverVersionNum, Path extraDir) throws InterruptedException {
        // a directory the user names is the only one looked at: they chose that installation
        List<Path> dirs = extraDir != null ? List.of(extraDir) : searchPath(null, System.getenv("PATH"), Path.of("/usr/lib/postgresql"));
        return find(serverVersionNum, dirs, extraDir);
    }

    static PgClientTools find(int serverVersionNum, List<Path> dirs, Path extraDir) throws InterruptedException {
        int serverMajor = serverVersionNum >= 100_000 ? serverVersionNum / 10_000 * 100 : serverVersionNum / 100;
        if (extraDir != null && !Files.isExecutable(extraDir.resolve("pg_dump"))) {
            throw new ConfigException("--pg-bin " + extraDir + " holds no executable pg_dump; name the bin directory of a PostgreSQL "
                    + label(serverMajor) + " (or newer) installation");
        }
        PgClientTools best = null;
        List<String> seen = new ArrayList<>();
        for (Path dir : dirs) {
            Path dump = dir.resolve("pg_dump");
            Path restore = dir.resolve("pg_restore");
            if (!Files.isExecutable(dump) || !Files.isExecutable(restore)) continue;
            String out;
            try {
                ToolRun r = ToolRun.run(List.of(dump.toString(), "--version"), Map.of(), null, 10);
                out = r.stdout().strip();
            } catch (IOException e) {
                continue;
            }
            int major = majorOf(out);
            if (major < 0) continue;
            seen.add(label(major) + " at " + dump);
            if (major >= serverMajor && (best == null || major < best.major)) best = new PgClientTools(dump, restore, major, out);
            if (best != null && best.major == serverMajor) break;
        }
        if (best == null) {
            String found = seen.isEmpty() ? "no pg_dump with a pg_restore beside it was found on PATH or in /usr/lib/postgresql"
                    : "found only " + String.join(", ", seen) + ", older than the server";
            throw new ConfigException("backup verification needs pg_dump and pg_restore of PostgreSQL " + label(serverMajor)
                    + " or newer for this server; " + found + "; install the matching client (Debian/Ubuntu: apt-get install "
                    + "postgresql-client-" + label(serverMajor) + ") or name its bin directory with --pg-bin DIR");
        }
        return best;
    }

    private static String label(int major) {
        return major >= 1000 ? Integer.toString(major / 100) : (major / 100) + "." + (major % 100);
    }
}
