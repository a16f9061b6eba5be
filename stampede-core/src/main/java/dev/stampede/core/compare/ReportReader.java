package dev.stampede.core.compare;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stampede.core.config.ConfigException;
import dev.stampede.core.report.RunReport;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the values a comparison needs out of a {@code report.json} tree. A scenario that ran several times
 * ({@code --repeat N}) appears as {@code NAME#1} ... {@code NAME#N}; each is one run of {@code NAME}. Stateless.
 *
 * <p>Per operation (and {@code ALL}): latency p50, p95, p99 and mean (ms, from the intended start as the report
 * measured it), throughput (successful attempts per second of measured time) and error rate (failed plus unknown
 * over attempts, in percent). Per scenario: the generator's heap after GC (max over the scenario, MB) on the
 * {@code ALL} row, when the report has the generator monitor and a collection happened.
 *
 * <p>With {@code run --windows K} each scenario also has {@code extras.windows.windows}: K windows of its recorded
 * time, each with the same per-operation fields; they are read as a second set of samples
 * ({@link Measurements#windows()}), one value per window, without memory (a whole-run figure).
 */
public final class ReportReader {
    /** The key of a scenario's windows in report.json's {@code extras} ({@code run --windows K}). */
    public static final String WINDOWS = "windows";
    /** A repetition's scenario name: {@code NAME#k}. */
    private static final Pattern REPEAT = Pattern.compile("^(.*)#(\\d+)$");

    private ReportReader() {
    }

    /** The scenario a report's scenario entry is a run of ({@code quick#3} is a run of {@code quick}). */
    public static String baseName(String scenario) {
        Matcher m = REPEAT.matcher(scenario);
        return m.matches() ? m.group(1) : scenario;
    }

    /**
     * Reads one report.
     *
     * @throws ConfigException when it is not a Stampede report or was written with another report schema version
     */
    public static Measurements read(JsonNode report, String source) {
        if (!report.has("schema_version") || !report.has("scenarios")) {
            throw new ConfigException(source + " is not a Stampede report.json (no schema_version or scenarios); give a "
                    + "report.json, its directory or a baseline saved with 'stampede baseline save'");
        }
        int version = report.get("schema_version").asInt();
        if (version != RunReport.SCHEMA_VERSION) {
            throw new ConfigException(source + " has report schema_version " + version + ", but this Stampede reads version "
                    + RunReport.SCHEMA_VERSION + "; run the baseline again with this version and save it anew");
        }
        Measurements.Builder b = new Measurements.Builder();
        Measurements.Builder wb = new Measurements.Builder();
        Map<String, Integer> runs = new LinkedHashMap<>();
        Map<String, Integer> windows = new LinkedHashMap<>();
        for (JsonNode s : report.get("scenarios")) {
            String name = baseName(s.path("name").asText());
            runs.merge(name, 1, Integer::sum);
            JsonNode totals = s.path("totals");
            if (!totals.isMissingNode()) operation(b, name, "ALL", totals);
            for (JsonNode op : s.path("operations")) operation(b, name, op.path("name").asText(), op);
            memory(b, name, s.path("monitors"));
            for (JsonNode w : s.path("extras").path(WINDOWS).path("windows")) {
                windows.merge(name, 1, Integer::sum);
                for (JsonNode op : w.path("operations")) operation(wb, name, op.path("name").asText(), op);
            }
        }
        if (runs.isEmpty()) {
            throw new ConfigException(source + " has no scenarios (the run ended before any scenario finished); "
                    + "compare a report of a run that measured something");
        }
        int n = runs.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        Map<String, Object> env = environment(report);
        Measurements whole = b.build(source, n, env);
        if (wb.isEmpty()) return whole;
        Measurements split = wb.build(source + " (windows)", windows.values().stream().mapToInt(Integer::intValue).max().orElse(0), env);
        return new Measurements(whole.source(), whole.runs(), env, whole.values(), split);
    }

    private static void operation(Measurements.Builder b, String scenario, String op, JsonNode o) {
        JsonNode lat = o.path("latency");
        long attempts = o.path("attempts").asLong();
        if (attempts == 0) return;
        b.add(scenario, op, Metric.P50, lat.path("p50_ms").asDouble(Double.NaN));
        b.add(scenario, op, Metric.P95, lat.path("p95_ms").asDouble(Double.NaN));
        b.add(scenario, op, Metric.P99, lat.path("p99_ms").asDouble(Double.NaN));
        b.add(scenario, op, Metric.MEAN, lat.path("mean_ms").asDouble(Double.NaN));
        b.add(scenario, op, Metric.THROUGHPUT, o.path("throughput_per_sec").asDouble(Double.NaN));
        double errors = o.path("failed").asLong() + o.path("unknown").asLong();
        b.add(scenario, op, Metric.ERROR_RATE, 100.0 * errors / attempts);
    }

    private static void memory(Measurements.Builder b, String scenario, JsonNode monitors) {
        for (JsonNode m : monitors) {
            if (!"generator".equals(m.path("name").asText())) continue;
            JsonNode heap = m.path("summary").path("heap_after_gc_mb");
            if (heap.has("max") && heap.get("max").asDouble() > 0) b.add(scenario, "ALL", Metric.MEMORY, heap.get("max").asDouble());
        }
    }

    /**
     * What the comparison warns about when it differs: Stampede's version, each target's server version, the
     * generator's cores and memory, and the configuration hash.
     */
    static Map<String, Object> environment(JsonNode report) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("stampede_version", report.path("version").asText(null));
        report.path("target").fields().forEachRemaining(e -> {
            if (e.getKey().contains("server") && e.getValue().isTextual()) env.put(e.getKey(), e.getValue().asText());
        });
        JsonNode gen = report.path("target").path("generator");
        if (gen.has("cores")) env.put("cores", gen.get("cores").asInt());
        if (gen.has("memory_mb")) env.put("memory_mb", gen.get("memory_mb").asLong());
        if (gen.has("java")) env.put("java", gen.get("java").asText());
        env.put("config_hash", report.path("config_hash").asText(null));
        return env;
    }
}
