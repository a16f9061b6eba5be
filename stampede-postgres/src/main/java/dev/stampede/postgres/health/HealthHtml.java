package dev.stampede.postgres.health;

import dev.stampede.core.report.HtmlOut;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link HealthReport} as report.html's database health section: the summary, top statements, the
 * client/server cross-check, the commit check, tables, lock waits, idle-in-transaction sessions, slow plans and
 * unused indexes, the same facts as {@link HealthMarkdown}. Writes only through {@link HtmlOut}, which escapes SQL
 * text, application names and messages. Stateless and thread-safe.
 */
public final class HealthHtml {

    public void render(Object extra, HtmlOut out) {
        if (!(extra instanceof HealthReport h)) return;
        Map<String, Double> w = h.window();
        out.heading("Database health (what PostgreSQL said, as deltas over the test window)");
        List<String> summary = new ArrayList<>();
        summary.add(f("Transactions: %,.0f commits, %,.0f rollbacks, %,.0f deadlocks", w.getOrDefault("commits", 0.0),
                w.getOrDefault("rollbacks", 0.0), w.getOrDefault("deadlocks", 0.0)));
        if (w.containsKey("cache_hit_percent")) {
            summary.add(f("Buffer cache hit ratio: %.2f%% (%,.0f hits, %,.0f reads)", w.get("cache_hit_percent"),
                    w.getOrDefault("blks_hit", 0.0), w.getOrDefault("blks_read", 0.0)));
        }
        summary.add(f("Temp files: %,.0f (%.1f MB); database size %.1f MB (%+.1f MB during the test)",
                w.getOrDefault("temp_files", 0.0), w.getOrDefault("temp_mb", 0.0), w.getOrDefault("db_size_mb", 0.0),
                w.getOrDefault("db_growth_mb", 0.0)));
        summary.add(f("Idle in transaction: %d session(s); lock waits: %d blocked/blocking pair(s)", h.idleInTransaction().size(),
                h.lockWaits().size()));
        if (h.walFlushMs() != null) summary.add(f("Commit time: WAL flushes took %.3f ms on average in the statement window", h.walFlushMs()));
        for (String m : h.capabilities().missing()) summary.add("Not measured: " + m);
        for (String m : h.problems()) summary.add("Not measured: " + m);
        summary.add("Statement deltas and the client/server comparison cover " + h.statementWindow() + "; table deltas the whole scenario");
        out.list(summary);

        if (!h.topByTotalTime().isEmpty()) {
            out.subheading("Top statements by total time (pg_stat_statements, Stampede's monitoring excluded)");
            statements(h.topByTotalTime(), out);
            out.subheading("Top statements by mean time");
            statements(h.topByMeanTime().subList(0, Math.min(5, h.topByMeanTime().size())), out);
        }
        if (!h.crossCheck().isEmpty()) {
            out.subheading("Client against server time");
            List<List<?>> rows = new ArrayList<>();
            for (CrossCheck c : h.crossCheck()) {
                rows.add(Arrays.asList(c.operation(), c.clientAttempts(), c.serverCalls(), ms(c.clientMeanMs()), ms(c.serverMeanMs()),
                        ms(c.overheadMs()), ms(c.clientAcquireMs()), c.commitMs() == null ? "not measured" : ms(c.commitMs()),
                        c.restMs() == null ? "" : ms(c.restMs())));
            }
            out.table(List.of("Operation", "Client calls", "Server calls", "Client mean ms", "Server execution mean ms",
                    "Client minus server ms", "of which pool wait ms", "of which commit (WAL flush) ms", "rest: network, driver ms"), rows);
            out.paragraph("Client minus server execution is what pg_stat_statements does not time: pool wait, network, driver, "
                    + "queueing in the open model and, for statements that change data, the commit's WAL flush (shown apart when "
                    + "track_wal_io_timing is on).");
        }
        if (h.commitCheck() != null) {
            CommitCheck c = h.commitCheck();
            out.subheading("Commit check");
            out.paragraph(c.summary());
            out.table(List.of("Client commits (min)", "Client commits (max)", "xact_commit delta", "Monitoring", "Statistics flush",
                            "Server commits", "Server rollbacks", "Difference %", "Agree"),
                    List.of(Arrays.asList(c.clientCommits(), c.clientCommitsMax(), c.serverCommitsRaw(), c.monitorCommits(), c.flushCommits(),
                            c.serverCommits(), c.serverRollbacks(), HtmlOut.num(c.differencePercent(), f("%+.2f", c.differencePercent())),
                            !c.comparable() ? "not compared" : c.consistent() ? "yes" : "no")));
            out.list(c.causes());
        }
        if (!h.tables().isEmpty()) {
            out.subheading("Tables");
            List<List<?>> rows = new ArrayList<>();
            for (TableDelta t : h.tables()) {
                rows.add(Arrays.asList(t.qualified(), t.seqScans(), t.seqRowsRead(), t.indexScans(), t.inserted(), t.updated(), t.deleted(),
                        t.liveRows(), t.deadRows(),
                        t.sizeBytes() < 0 ? "locked" : HtmlOut.num(t.sizeBytes() / 1048576.0, f("%.1f", t.sizeBytes() / 1048576.0)),
                        t.sizeBytes() < 0 ? "" : HtmlOut.num(t.growthBytes() / 1048576.0, f("%+.1f", t.growthBytes() / 1048576.0))));
            }
            out.table(List.of("Table", "Seq scans", "Rows read by seq scans", "Index scans", "Inserted", "Updated", "Deleted",
                    "Live rows", "Dead rows", "Size MB", "Growth MB"), rows);
        }
        if (!h.lockWaits().isEmpty()) {
            out.subheading("Lock waits");
            List<List<?>> rows = new ArrayList<>();
            for (HealthEvidence.LockWait l : h.lockWaits().subList(0, Math.min(10, h.lockWaits().size()))) {
                rows.add(Arrays.asList(l.blockedPid() + " (" + l.blockedApplication() + ")", HtmlOut.num(l.maxWaitSeconds(), f("%.1f", l.maxWaitSeconds())),
                        String.valueOf(l.waitEvent()), l.blockingPid() + " (" + l.blockingApplication() + ")", String.valueOf(l.blockingQuery())));
            }
            out.table(List.of("Blocked pid (application)", "Waited s", "Wait event", "Blocked by pid (application)", "Blocker's query"), rows);
        }
        if (!h.idleInTransaction().isEmpty()) {
            out.subheading("Idle in transaction");
            List<List<?>> rows = new ArrayList<>();
            for (HealthEvidence.IdleInTransaction i : h.idleInTransaction().subList(0, Math.min(10, h.idleInTransaction().size()))) {
                rows.add(Arrays.asList(i.pid(), String.valueOf(i.application()), HtmlOut.num(i.maxSeconds(), f("%.1f", i.maxSeconds())),
                        String.valueOf(i.query())));
            }
            out.table(List.of("pid", "Application", "Longest idle s", "Last query"), rows);
        }
        if (!h.slowQueryPlans().isEmpty()) {
            out.subheading("Slow query plans (EXPLAIN ANALYZE, BUFFERS, after the load)");
            List<String> items = new ArrayList<>();
            for (PlanSummary p : h.slowQueryPlans()) {
                if (p.error() != null) {
                    items.add(p.operation() + ": could not EXPLAIN: " + p.error());
                    continue;
                }
                StringBuilder s = new StringBuilder(f("%s: execution %.2f ms (planning %.2f ms); costliest node %s, %.2f ms",
                        p.operation(), p.executionMs(), p.planningMs(), p.costliestNode(), p.costliestNodeMs()));
                for (String finding : p.findings()) s.append("; ").append(finding);
                items.add(s.toString());
            }
            out.list(items);
        }
        if (!h.unusedIndexes().isEmpty()) {
            out.subheading("Indexes not used during the test");
            List<String> items = new ArrayList<>();
            for (IndexDelta i : h.unusedIndexes()) {
                items.add(f("%s.%s on %s (%.1f MB, %,d scans since the statistics were reset)", i.schema(), i.index(), i.table(),
                        i.sizeBytes() / 1048576.0, i.totalScans()));
            }
            out.list(items);
        }
    }

    private static void statements(List<StatementDelta> list, HtmlOut out) {
        List<List<?>> rows = new ArrayList<>();
        for (StatementDelta s : list) {
            rows.add(Arrays.asList(String.valueOf(s.query()), s.calls(), HtmlOut.num(s.totalMs(), f("%.1f", s.totalMs())), ms(s.meanMs()),
                    s.rows(), s.hitBlocks(), s.readBlocks()));
        }
        out.table(List.of("Statement", "Calls", "Total ms", "Mean ms", "Rows", "Buffer hits", "Blocks read"), rows);
    }

    private static HtmlOut.Num ms(double v) {
        return HtmlOut.num(v, f("%.3f", v));
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
