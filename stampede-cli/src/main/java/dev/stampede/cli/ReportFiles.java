package dev.stampede.cli;

import dev.stampede.core.config.ConfigException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a run's reports go. {@code --output DIR} puts {@code report.json} and the rest in DIR; {@code --output
 * results.json} (seed 001's habit) writes the JSON report to that file and the other reports beside it.
 *
 * @param dir      the directory every report goes to
 * @param jsonName the JSON report's file name in {@code dir}
 */
record ReportFiles(Path dir, String jsonName) {

    static ReportFiles of(Path output) {
        String name = output.getFileName() == null ? "" : output.getFileName().toString();
        boolean jsonFile = name.toLowerCase(Locale.ROOT).endsWith(".json") && !Files.isDirectory(output);
        Path dir = jsonFile ? (output.getParent() == null ? Path.of(".") : output.getParent()) : output;
        return new ReportFiles(dir, jsonFile ? name : "report.json");
    }

    /**
     * Creates the directory and proves it writable with a probe file, so that a report directory that cannot be
     * written is said before the run, not after it.
     */
    ReportFiles create() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ConfigException("cannot create the output directory " + dir + " (" + e.getMessage()
                    + "); choose a writable one with --output");
        }
        try {
            Files.delete(Files.createTempFile(dir, ".stampede-write-check", ".tmp"));
        } catch (IOException e) {
            String why = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e instanceof java.nio.file.NoSuchFileException ? "it does not accept new files"
                    : e.getMessage();
            throw new ConfigException("cannot write reports into " + dir + " (" + why + "); choose a writable directory with --output");
        }
        return this;
    }

    Path json() { return dir.resolve(jsonName); }
}
