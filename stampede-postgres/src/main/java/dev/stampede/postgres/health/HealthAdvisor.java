package dev.stampede.postgres.health;

import dev.stampede.core.advisor.Recommendation;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.verdict.ScenarioFacts;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recommendations from what the database said, each with the evidence that triggered it. A rule that
 * finds no evidence says nothing.
 */
public final class HealthAdvisor {
    /** A table at least this large is worth an index when it is read by sequential scans (plans and advice). */
    static final long LARGE_TABLE_ROWS = 10_000;
    private static final Pattern INDEX_COLUMNS = Pattern.compile("USING \\w+ \\(([^)]*)\\)");

    private HealthAdvisor() {
    }

    public static List<Recommendation> advise(HealthReport h, ScenarioRun run, int poolMax) {
        List<Recommendation> out = new ArrayList<>();
        missingIndexes(h, out);
        Map<String, Double> w = h.window();
        double hit = w.getOrDefault("cache_hit_percent", 100.0);
        double reads = w.getOrDefault("blks_read", 0.0);
        if (hit < 99 && reads >= 1000) {
            out.add(new Recommendation("medium", "Buffer cache hit ratio is under 99%",
                    f("%.2f%% of block requests were found in shared buffers during the test; %,.0f blocks were read from outside", hit, reads),
                    "Give PostgreSQL more memory for its working set (shared_buffers, typically 25% of RAM, and "
                            + "effective_cache_size), or reduce what the queries read (indexes, narrower SELECTs)."));
        }
        if (!h.idleInTransaction().isEmpty()) {
            var top = h.idleInTransaction().get(0);
            out.add(new Recommendation("high", "Sessions sat idle inside open transactions",
                    f("%d session(s) idle in transaction; the longest, pid %d (%s), for %.1f s after: %s", h.idleInTransaction().size(),
                            top.pid(), top.application().isEmpty() ? "no application_name" : top.application(), top.maxSeconds(),
                            oneLine(top.query()))
                            + (top.application().equals(dev.stampede.postgres.PgTarget.APP_NAME)
                            ? " (Stampede's own pool: its client was slow to send the next statement, a sign the load "
                            + "generator is short of CPU)" : ""),
                    "Commit or roll back as soon as the work is done (a transaction held open keeps locks and stops "
                            + "VACUUM); set idle_in_transaction_session_timeout (e.g. ALTER ROLE app SET "
                            + "idle_in_transaction_session_timeout = '30s') as a safety net."));
        }
        double deadlocks = w.getOrDefault("deadlocks", 0.0);
        if (deadlocks > 0) {
            out.add(new Recommendation("high", "Deadlocks occurred",
                    f("pg_stat_database counted %.0f deadlock(s) during the test", deadlocks),
                    "Make every transaction lock rows and tables in one consistent order (for example by primary key), "
                            + "and keep transactions short; log_lock_waits = on shows the statements involved."));
        }
        double tempFiles = w.getOrDefault("temp_files", 0.0);
        if (tempFiles > 0) {
            List<String> spilling = h.allStatements().stream().filter(s -> s.tempBlocksWritten() > 0)
                    .sorted((a, b) -> Long.compare(b.tempBlocksWritten(), a.tempBlocksWritten())).limit(3)
                    .map(s -> "'" + oneLine(s.query()) + "' (" + s.tempBlocksWritten() + " temp blocks)").toList();
            out.add(new Recommendation("medium", "Queries spilled to temporary files",
                    f("%.0f temp files, %.1f MB written during the test%s", tempFiles, w.getOrDefault("temp_mb", 0.0),
                            spilling.isEmpty() ? "" : "; by " + String.join(", ", spilling)),
                    "Raise work_mem for these queries (SET work_mem = '64MB' in their session or role), or let an index "
                            + "provide the order so that the sort or hash fits in memory."));
        }
        poolAgainstServer(h, run, poolMax, out);
        for (TableDelta t : h.tables()) {
            if (t.deadRows() >= LARGE_TABLE_ROWS && t.deadRows() > 0.2 * Math.max(1, t.liveRows())) {
                out.add(new Recommendation("medium", "Dead tuples are piling up in " + t.qualified(),
                        f("%,d dead rows against %,d live (%.0f%%) at the end of the test", t.deadRows(), t.liveRows(),
                                100.0 * t.deadRows() / Math.max(1, t.liveRows())),
                        "Let autovacuum keep up on this table: ALTER TABLE " + t.qualified() + " SET "
                                + "(autovacuum_vacuum_scale_factor = 0.05); run VACUUM (ANALYZE) " + t.qualified()
                                + " now; look for long transactions that hold back cleanup."));
            }
        }
        if (!h.lockWaits().isEmpty() && h.lockWaits().get(0).maxWaitSeconds() >= 0.5) {
            var l = h.lockWaits().get(0);
            out.add(new Recommendation("high", "Sessions waited for locks",
                    f("%d blocked/blocking pair(s); the longest: pid %d waited %.1f s on %s for pid %d (%s), which ran: %s",
                            h.lockWaits().size(), l.blockedPid(), l.maxWaitSeconds(), l.waitEvent(), l.blockingPid(),
                            l.blockingApplication().isEmpty() ? "no application_name" : l.blockingApplication(), oneLine(l.blockingQuery())),
                    "Shorten the blocking transaction, avoid explicit LOCK TABLE and long-running DDL during traffic "
                            + "(use CREATE INDEX CONCURRENTLY), and set lock_timeout so that waits fail fast."));
        }
        for (PlanSummary p : h.slowQueryPlans()) {
            if (p.error() == null && !p.findings().isEmpty()) {
                out.add(new Recommendation("medium", "Plan of slow operation '" + p.operation() + "'",
                        f("EXPLAIN ANALYZE after the load: %.1f ms, costliest node %s (%.1f ms); %s", p.executionMs(),
                                p.costliestNode(), p.costliestNodeMs(), String.join("; ", p.findings())),
                        "Index the filter columns of large sequential scans and refresh statistics (ANALYZE) where the "
                                + "estimates are far off."));
            }
        }
        if (!h.unusedIndexes().isEmpty()) {
            List<String> names = h.unusedIndexes().stream().limit(5)
                    .map(i -> i.schema() + "." + i.index() + f(" (%.1f MB)", i.sizeBytes() / 1048576.0)).toList();
            out.add(new Recommendation("low", "Indexes this workload never used",
                    f("%d non-unique index(es) on tables that were read had no scans during the test: %s",
                            h.unusedIndexes().size(), String.join(", ", names)),
                    "If production traffic does not use them either (check pg_stat_user_indexes over weeks), drop them: "
                            + "every index costs write time and memory."));
        }
        for (String m : h.capabilities().missing()) {
            out.add(new Recommendation("low", "Monitoring is incomplete", m, "Enable it as described, then run again for the full picture."));
        }
        return out;
    }

    private static void missingIndexes(HealthReport h, List<Recommendation> out) {
        for (TableDelta t : h.tables()) {
            if (t.liveRows() < LARGE_TABLE_ROWS || t.seqScans() < 5) continue;
            double avg = (double) t.seqRowsRead() / t.seqScans();
            if (avg < 0.5 * t.liveRows()) continue;
            Set<String> indexed = leadingIndexedColumns(h, t);
            Set<String> columns = new LinkedHashSet<>();
            List<String> statements = new ArrayList<>();
            for (StatementDelta s : h.allStatements()) {
                if (!SqlText.mentionsTable(s.query(), t.schema(), t.table())) continue;
                Set<String> cols = SqlText.filterColumns(s.query());
                cols.removeAll(indexed);
                if (cols.isEmpty()) continue;
                columns.addAll(cols);
                if (statements.size() < 2) statements.add(f("'%s' (%,d calls, mean %.2f ms)", oneLine(s.query()), s.calls(), s.meanMs()));
            }
            for (PlanSummary p : h.slowQueryPlans()) {
                List<String> cols = p.seqScanFilterColumns().getOrDefault(t.qualified(), p.seqScanFilterColumns().get(t.table()));
                if (cols != null) cols.stream().filter(c -> !indexed.contains(c)).forEach(columns::add);
            }
            String evidence = f("%,d sequential scans of %s read %,d rows (%,.0f per scan; the table has %,d live rows) against %,d index scans",
                    t.seqScans(), t.qualified(), t.seqRowsRead(), avg, t.liveRows(), t.indexScans());
            if (columns.isEmpty()) {
                out.add(new Recommendation("high", "Large table read by sequential scans: " + t.qualified(),
                        evidence + (h.capabilities().pgStatStatements() ? "" : "; enable pg_stat_statements to see the filter columns"),
                        "Find the statements that filter this table (pg_stat_statements) and index their filter columns."));
            } else {
                String cols = String.join(", ", columns);
                out.add(new Recommendation("high", "Missing index on " + t.qualified() + " (" + cols + ")",
                        evidence + (statements.isEmpty() ? "" : "; filtered by " + String.join(", ", statements)),
                        "CREATE INDEX CONCURRENTLY ON " + t.qualified() + " (" + cols + "); then check the plan with EXPLAIN."));
            }
        }
    }

    private static Set<String> leadingIndexedColumns(HealthReport h, TableDelta t) {
        Set<String> out = new LinkedHashSet<>();
        for (IndexDelta i : h.allIndexes()) {
            if (!i.schema().equals(t.schema()) || !i.table().equals(t.table()) || i.definition() == null) continue;
            Matcher m = INDEX_COLUMNS.matcher(i.definition());
            if (m.find()) out.add(m.group(1).split(",")[0].trim().replace("\"", "").toLowerCase(Locale.ROOT));
        }
        return out;
    }

    private static void poolAgainstServer(HealthReport h, ScenarioRun run, int poolMax, List<Recommendation> out) {
        if (run == null) return;
        int maxConn = h.capabilities().maxConnections();
        OptionalDouble peakServer = ScenarioFacts.peak(run, "pg_activity", "connections");
        OptionalDouble peakPoolActive = ScenarioFacts.peak(run, "pool", "active");
        if (peakServer.isPresent() && maxConn > 0 && peakServer.getAsDouble() >= 0.8 * maxConn) {
            out.add(new Recommendation("high", "The server is close to max_connections",
                    f("up to %.0f client connections to this database during the test, against max_connections = %d; "
                            + "Stampede's pool maximum was %d", peakServer.getAsDouble(), maxConn, poolMax),
                    "Lower the pool sizes of the applications sharing this server, or put PgBouncer (transaction "
                            + "pooling) in front; raising max_connections costs memory per connection."));
        } else if (peakPoolActive.isPresent() && poolMax >= 10 && peakPoolActive.getAsDouble() < 0.5 * poolMax
                && ScenarioFacts.peak(run, "pool", "waiting").orElse(0) == 0) {
            out.add(new Recommendation("low", "The pool is larger than the load needs",
                    f("at most %.0f of %d pooled connections were busy at once", peakPoolActive.getAsDouble(), poolMax),
                    f("A pool of about %.0f (peak plus headroom) would do; idle connections still cost server memory.",
                            Math.ceil(peakPoolActive.getAsDouble() * 1.25) + 1)));
        }
    }

    private static String oneLine(String q) {
        String s = q == null ? "" : q.replaceAll("\\s+", " ").trim();
        return s.length() > 140 ? s.substring(0, 137) + "..." : s;
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
