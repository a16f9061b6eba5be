package dev.stampede.core.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.stampede.core.config.ConfigException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Saved baselines: {@code DIR/NAME.json} (default DIR {@value #DEFAULT_DIR} under the working directory), each the
 * per-run values of every scenario, operation and metric of one report plus the environment it ran in. A baseline is
 * a small JSON file meant to be committed beside the code it measures. Reading also accepts a report.json or its
 * directory wherever a baseline is asked for. Stateless; safe from several threads for different names.
 */
public final class BaselineStore {
    /** Where baselines live by default, relative to the working directory. */
    public static final String DEFAULT_DIR = ".stampede/baselines";
    /** The baseline file format's version; a file with another one is refused. */
    public static final int FORMAT_VERSION = 1;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;

    public BaselineStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() { return dir; }

    /** Saves {@code m} as {@code NAME}, replacing a baseline of that name; returns the file. */
    public Path save(String name, Measurements m) {
        checkName(name);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("stampede_baseline", FORMAT_VERSION);
        doc.put("name", name);
        doc.put("saved_at", dev.stampede.core.report.Timestamps.now());
        doc.put("source", m.source());
        doc.put("runs", m.runs());
        doc.put("environment", m.environment());
        doc.put("values", rows(m));
        if (m.windows() != null) {
            doc.put("windows", m.windows().runs());
            doc.put("window_values", rows(m.windows()));
        }
        Path file = dir.resolve(name + ".json");
        try {
            Files.createDirectories(dir);
            JSON.writeValue(file.toFile(), doc);
        } catch (IOException e) {
            throw new ConfigException("cannot save the baseline to " + file + " (" + e.getMessage() + "); choose a writable --baseline-dir");
        }
        return file;
    }

    private static List<Map<String, Object>> rows(Measurements m) {
        List<Map<String, Object>> values = new ArrayList<>();
        m.values().forEach((k, v) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("scenario", k.scenario());
            row.put("operation", k.operation());
            row.put("metric", k.metric().key());
            row.put("values", v);
            values.add(row);
        });
        return values;
    }

    /**
     * A baseline by name ({@code DIR/NAME.json}) or by path: a baseline file, a report.json or a directory holding one.
     *
     * @throws ConfigException when it does not exist or cannot be read, naming what is there
     */
    public Measurements load(String nameOrPath) {
        Path p = Path.of(nameOrPath);
        if (NAME.matcher(nameOrPath).matches() && !nameOrPath.endsWith(".json") && !Files.exists(p)) {
            Path file = dir.resolve(nameOrPath + ".json");
            if (!Files.isRegularFile(file)) {
                throw new ConfigException("no baseline named '" + nameOrPath + "' in " + dir + " (saved: " + saved()
                        + "); save one with 'stampede baseline save " + nameOrPath + " [REPORT]' or give a file");
            }
            return read(file, "baseline " + nameOrPath);
        }
        return read(p, p.toString());
    }

    /** A report.json, its directory or a baseline file. */
    public static Measurements read(Path path, String label) {
        Path file = Files.isDirectory(path) ? path.resolve("report.json") : path;
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(Files.isDirectory(path) ? path + " has no report.json; give a report.json, its directory or a baseline name"
                    : file + " does not exist; give a report.json, its directory or a baseline name");
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ConfigException(file + " is not readable JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (tree == null || !tree.isObject()) throw new ConfigException(file + " is not a Stampede report or baseline (not a JSON object)");
        if (tree.has("stampede_baseline")) return fromBaseline(tree, label, file);
        return ReportReader.read(tree, label);
    }

    private static Measurements fromBaseline(JsonNode tree, String label, Path file) {
        int version = tree.get("stampede_baseline").asInt();
        if (version != FORMAT_VERSION) {
            throw new ConfigException(file + " is a baseline of format version " + version + "; this Stampede reads version " + FORMAT_VERSION
                    + ": save the baseline again with this version");
        }
        Map<String, Object> env = new LinkedHashMap<>();
        tree.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(),
                e.getValue().isNumber() ? e.getValue().numberValue() : e.getValue().isNull() ? null : e.getValue().asText()));
        Measurements whole = values(tree.path("values")).build(label, tree.path("runs").asInt(1), env);
        if (!tree.has("window_values")) return whole;
        Measurements windows = values(tree.path("window_values")).build(label + " (windows)", tree.path("windows").asInt(1), env);
        return new Measurements(whole.source(), whole.runs(), env, whole.values(), windows);
    }

    private static Measurements.Builder values(JsonNode rows) {
        Measurements.Builder b = new Measurements.Builder();
        for (JsonNode row : rows) {
            Metric m = Metric.byKey(row.path("metric").asText());
            if (m == null) continue;   // a metric a later version added: not compared
            for (JsonNode v : row.path("values")) b.add(row.path("scenario").asText(), row.path("operation").asText(), m, v.asDouble());
        }
        return b;
    }

    private String saved() {
        if (!Files.isDirectory(dir)) return "none";
        try (Stream<Path> s = Files.list(dir)) {
            List<String> names = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
            return names.isEmpty() ? "none" : String.join(", ", names);
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new ConfigException("baseline name '" + name + "' is not usable as a file name; use letters, digits, '.', '_' and '-' "
                    + "(at most 100, starting with a letter or digit)");
        }
    }

    /** Writes {@code comparison} as JSON (snake_case keys). */
    public static Path writeJson(Comparison comparison, Path file) throws IOException {
        JSON.writeValue(file.toFile(), comparison);
        return file;
    }
}
