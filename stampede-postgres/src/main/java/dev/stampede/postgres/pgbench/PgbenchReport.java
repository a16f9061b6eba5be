package dev.stampede.postgres.pgbench;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pgbench section of a scenario's report: what pgbench prints, over the measured phases. TPS is successful
 * script runs per second of measured time ("without initial connection time"); the "with" figure adds the time
 * the pool took to open its connections before the load. Immutable; serialised as is into report.json.
 *
 * @param initialConnectionMs time to open the pool's connections before the load, in milliseconds
 */
public record PgbenchReport(@JsonProperty("tables") String tables, @JsonProperty("scale") int scale,
                            @JsonProperty("initial_connection_ms") double initialConnectionMs,
                            @JsonProperty("tps") double tps, @JsonProperty("tps_with_connection_time") double tpsWithConnections,
                            @JsonProperty("scripts") List<ScriptRow> scripts) {
    public static final String KEY = "pgbench";

    /** One script's figures; latencies are averages in milliseconds, as pgbench's {@code -r}. */
    public record ScriptRow(@JsonProperty("name") String name, @JsonProperty("weight") double weight,
                            @JsonProperty("transactions") long transactions, @JsonProperty("tps") double tps,
                            @JsonProperty("retries") Map<String, Long> retries, @JsonProperty("failures") Map<String, Long> failures,
                            @JsonProperty("statements") List<StatementRow> statements) {
    }

    public record StatementRow(@JsonProperty("line") int line, @JsonProperty("command") String command,
                               @JsonProperty("executions") long executions, @JsonProperty("avg_latency_ms") double avgLatencyMs,
                               @JsonProperty("failures") long failures) {
    }

    /** Builds the report from each script's measured window. */
    public static PgbenchReport of(PgbenchTables tables, double connectMs, List<ScriptStats> stats, List<ScriptStats.Snapshot> windows) {
        List<ScriptRow> rows = new ArrayList<>();
        long total = 0;
        double seconds = 0;
        for (int i = 0; i < stats.size(); i++) {
            Script s = stats.get(i).script();
            ScriptStats.Snapshot w = windows.get(i);
            double sec = w.atNanos() / 1e9;
            seconds = Math.max(seconds, sec);
            total += w.successes();
            List<StatementRow> st = new ArrayList<>();
            for (int k = 0; k < s.texts().size(); k++) {
                long n = w.count()[k];
                st.add(new StatementRow(lineOf(s, k), s.texts().get(k), n, n == 0 ? 0 : w.nanos()[k] / 1e6 / n, w.failures()[k]));
            }
            rows.add(new ScriptRow(s.name(), s.weight(), w.successes(), sec > 0 ? w.successes() / sec : 0, w.retries(), w.failed(), st));
        }
        double tps = seconds > 0 ? total / seconds : 0;
        double withConn = seconds > 0 ? total / (seconds + connectMs / 1000) : 0;
        return new PgbenchReport(tables.schema() == null ? "existing pgbench -i tables (search path)" : "Stampede's copy in schema " + tables.schema(),
                tables.scale(), connectMs, tps, withConn, rows);
    }

    private static int lineOf(Script s, int index) {
        for (Command c : s.commands()) if (c.index() == index) return c.line();
        return 0;
    }
}
