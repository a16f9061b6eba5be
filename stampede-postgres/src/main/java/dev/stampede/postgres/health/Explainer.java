package dev.stampede.postgres.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampede.postgres.Explainable;
import dev.stampede.postgres.PgTarget;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Runs {@code EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)} once per slow statement, inside a transaction
 * that is rolled back (so a write's EXPLAIN ANALYZE changes nothing), and summarises the plan.
 *
 * <p>Bounded: the connection carries {@link PgTarget#MONITORING}'s timeouts, so a statement whose table
 * another session has locked, one that runs longer than the statement timeout, or a frozen server
 * gives a plan with an {@code error} within seconds instead of hanging the run. Stateless.
 */
public final class Explainer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Explainer() {
    }

    public static PlanSummary explain(PgTarget target, Explainable op, long seed) {
        Object[] params = op.sampleParameters(new SplittableRandom(seed));
        try (Connection c = target.openMonitoring("stampede-explain")) {
            c.setAutoCommit(false);
            String json;
            try (PreparedStatement ps = c.prepareStatement(MonitorConnection.mark(
                    "EXPLAIN (ANALYZE, BUFFERS, VERBOSE, FORMAT JSON) " + op.sql()))) {
                for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    json = rs.getString(1);
                }
            } finally {
                c.rollback();
            }
            return summarize(op.name(), op.sql(), JSON.readTree(json));
        } catch (SQLException | java.io.IOException e) {
            return new PlanSummary(op.name(), op.sql(), 0, 0, null, 0, List.of(), Map.of(), SideErrors.describe(e));
        }
    }

    /** Summarises the JSON of EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON). */
    static PlanSummary summarize(String name, String sql, JsonNode root) {
        JsonNode top = root.get(0);
        JsonNode plan = top.get("Plan");
        List<String> findings = new ArrayList<>();
        Map<String, List<String>> seqCols = new LinkedHashMap<>();
        double[] best = {-1};
        String[] bestNode = {null};
        walk(plan, findings, seqCols, best, bestNode);
        return new PlanSummary(name, sql, top.path("Planning Time").asDouble(), top.path("Execution Time").asDouble(),
                bestNode[0], Math.max(0, best[0]), findings, seqCols, null);
    }

    private static double walk(JsonNode node, List<String> findings, Map<String, List<String>> seqCols, double[] best,
                               String[] bestNode) {
        double loops = Math.max(1, node.path("Actual Loops").asDouble(1));
        double total = node.path("Actual Total Time").asDouble() * loops;
        double children = 0;
        for (JsonNode child : node.path("Plans")) children += walk(child, findings, seqCols, best, bestNode);
        double exclusive = Math.max(0, total - children);
        String type = node.path("Node Type").asText();
        String rel = node.has("Relation Name")
                ? (node.has("Schema") ? node.get("Schema").asText() + "." : "") + node.get("Relation Name").asText() : null;
        if (exclusive > best[0]) {
            best[0] = exclusive;
            bestNode[0] = type + (rel != null ? " on " + rel : "") + (node.has("Index Name") ? " using " + node.get("Index Name").asText() : "");
        }
        double planRows = node.path("Plan Rows").asDouble();
        double actualRows = node.path("Actual Rows").asDouble(); // per loop, like the estimate
        if (planRows > 0 && actualRows > 0) {
            double factor = Math.max(planRows / actualRows, actualRows / planRows);
            if (factor >= 10 && Math.max(planRows, actualRows) >= 100) {
                findings.add(String.format(Locale.ROOT, "%s%s: estimated %.0f rows, actual %.0f (off by %.0fx); run ANALYZE or raise the statistics target",
                        type, rel != null ? " on " + rel : "", planRows, actualRows, factor));
            }
        }
        if (type.equals("Seq Scan")) {
            long scanned = (long) (node.path("Actual Rows").asDouble() + node.path("Rows Removed by Filter").asDouble());
            String filter = node.path("Filter").asText("");
            if (scanned >= HealthAdvisor.LARGE_TABLE_ROWS) {
                findings.add(String.format(Locale.ROOT, "Seq Scan on %s read %,d rows%s", rel, scanned,
                        filter.isEmpty() ? "" : " to keep " + node.path("Actual Rows").asLong() + " (filter " + filter + ")"));
            }
            if (!filter.isEmpty() && rel != null) {
                List<String> cols = new ArrayList<>(SqlText.filterColumns("select * from t where " + filter));
                if (!cols.isEmpty()) seqCols.put(rel, cols);
            }
        }
        long read = node.path("Shared Read Blocks").asLong();
        if (read >= 1000) {
            findings.add(String.format(Locale.ROOT, "%s%s read %,d blocks from disk (not in shared buffers)", type,
                    rel != null ? " on " + rel : "", read));
        }
        return total;
    }
}
