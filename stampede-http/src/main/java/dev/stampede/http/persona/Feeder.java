package dev.stampede.http.persona;

import dev.stampede.core.config.ConfigException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rows of a CSV file (header line, comma-separated, double quotes for values with commas), handed to users in turn
 * and wrapping around (Gatling's circular feeder). Each user takes one row when it starts; its columns are the
 * variables {@code NAME.column}. Loaded whole when the persona file is read (feeders are test data: kilobytes to a
 * few megabytes). Thread-safe.
 */
public final class Feeder {
    private final String name;
    private final List<Map<String, String>> rows;
    private final AtomicLong next = new AtomicLong();

    Feeder(String name, List<Map<String, String>> rows) {
        this.name = name;
        this.rows = List.copyOf(rows);
    }

    public String name() { return name; }

    public int size() { return rows.size(); }

    /** The next row (wrapping around), with keys {@code name.column}. */
    public Map<String, String> take() {
        return rows.get((int) Math.floorMod(next.getAndIncrement(), (long) rows.size()));
    }

    /** Reads {@code file}; a missing or empty file is a ConfigException naming it and {@code where} it was set. */
    public static Feeder csv(String name, Path file, String where) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException("feeder '" + name + "' (" + where + "): the CSV file " + file.toAbsolutePath() + " does not exist; "
                    + "check the path (relative paths are from the persona file's folder)");
        } catch (IOException e) {
            throw new ConfigException("feeder '" + name + "' (" + where + "): cannot read " + file.toAbsolutePath() + ": " + e.getMessage());
        }
        lines.removeIf(String::isBlank);
        if (lines.size() < 2) {
            throw new ConfigException("feeder '" + name + "' (" + where + "): " + file + " needs a header line and at least one row");
        }
        List<String> header = split(lines.get(0));
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            List<String> cells = split(lines.get(i));
            if (cells.size() != header.size()) {
                throw new ConfigException("feeder '" + name + "' (" + where + "): " + file + " line " + (i + 1) + " has " + cells.size()
                        + " values but the header has " + header.size() + " columns");
            }
            Map<String, String> row = new HashMap<>();
            for (int c = 0; c < header.size(); c++) row.put(name + "." + header.get(c).trim(), cells.get(c));
            rows.add(Map.copyOf(row));
        }
        return new Feeder(name, rows);
    }

    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
