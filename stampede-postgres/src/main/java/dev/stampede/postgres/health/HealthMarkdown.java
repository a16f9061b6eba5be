package dev.stampede.postgres.health;

import dev.stampede.core.report.MarkdownReportWriter;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link HealthReport} as the Markdown report's database health section. */
public final class HealthMarkdown implements MarkdownReportWriter.Section {

    @Override
    public void render(Object extra, StringBuilder b) {
        if (!(extra instanceof HealthReport h)) return;
        Map<String, Double> w = h.window();
        b.append("### Database health (what PostgreSQL said, as deltas over the test window)\n\n");
        b.append(f("- Transactions: %,.0f commits, %,.0f rollbacks, %,.0f deadlocks\n", w.getOrDefault("commits", 0.0),
                w.getOrDefault("rollbacks", 0.0), w.getOrDefault("deadlocks", 0.0)));
        if (w.containsKey("cache_hit_percent")) {
            b.append(f("- Buffer cache hit ratio: %.2f%% (%,.0f hits, %,.0f reads)\n", w.get("cache_hit_percent"),
                    w.getOrDefault("blks_hit", 0.0), w.getOrDefault("blks_read", 0.0)));
        }
        b.append(f("- Temp files: %,.0f (%.1f MB); database size %.1f MB (%+.1f MB during the test)\n",
                w.getOrDefault("temp_files", 0.0), w.getOrDefault("temp_mb", 0.0), w.getOrDefault("db_size_mb", 0.0),
                w.getOrDefault("db_growth_mb", 0.0)));
        b.append(f("- Idle in transaction: %d session(s); lock waits: %d blocked/blocking pair(s)\n",
                h.idleInTransaction().size(), h.lockWaits().size()));
        if (h.commitCheck() != null) b.append("- Commit check: ").append(h.commitCheck().summary()).append('\n');
        if (h.walFlushMs() != null) b.append(f("- Commit time: WAL flushes took %.3f ms on average in the statement window\n", h.walFlushMs()));
        for (String m : h.capabilities().missing()) b.append("- Not measured: ").append(m).append('\n');
        for (String m : h.problems()) b.append("- Not measured: ").append(m).append('\n');
        b.append("- Statement deltas and the client/server comparison cover ").append(h.statementWindow())
                .append("; table deltas the whole scenario\n");
        b.append('\n');

        if (!h.topByTotalTime().isEmpty()) {
            b.append("#### Top statements by total time (pg_stat_statements, Stampede's monitoring excluded)\n\n");
            statements(h.topByTotalTime(), b);
            b.append("#### Top statements by mean time\n\n");
            statements(h.topByMeanTime().subList(0, Math.min(5, h.topByMeanTime().size())), b);
        }
        if (!h.crossCheck().isEmpty()) {
            b.append("#### Client against server time\n\n| Operation | Client calls | Server calls | Client mean ms | Server execution mean ms "
                    + "| Client minus server ms | of which pool wait ms | of which commit (WAL flush) ms | rest: network, driver ms |\n"
                    + "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (CrossCheck c : h.crossCheck()) {
                b.append(f("| %s | %,d | %,d | %.3f | %.3f | %.3f | %.3f | %s | %s |\n", c.operation(), c.clientAttempts(),
                        c.serverCalls(), c.clientMeanMs(), c.serverMeanMs(), c.overheadMs(), c.clientAcquireMs(),
                        c.commitMs() == null ? "not measured" : f("%.3f", c.commitMs()),
                        c.restMs() == null ? "" : f("%.3f", c.restMs())));
            }
            b.append("\nClient minus server execution is what pg_stat_statements does not time: pool wait, network, driver, "
                    + "queueing in the open model and, for statements that change data, the commit's WAL flush (shown apart "
                    + "when track_wal_io_timing is on, as the server's mean flush time; a commit may first wait for a flush "
                    + "already in progress, so its real wait can approach twice that; reads do not flush).\n\n");
        }
        if (!h.tables().isEmpty()) {
            b.append("#### Tables\n\n| Table | Seq scans | Rows read by seq scans | Index scans | Inserted | Updated | Deleted | Live rows | Dead rows | Size MB | Growth MB |\n"
                    + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (TableDelta t : h.tables()) {
                b.append(f("| %s | %,d | %,d | %,d | %,d | %,d | %,d | %,d | %,d | %s | %s |\n", t.qualified(), t.seqScans(),
                        t.seqRowsRead(), t.indexScans(), t.inserted(), t.updated(), t.deleted(), t.liveRows(), t.deadRows(),
                        t.sizeBytes() < 0 ? "locked" : f("%.1f", t.sizeBytes() / 1048576.0),
                        t.sizeBytes() < 0 ? "" : f("%+.1f", t.growthBytes() / 1048576.0)));
            }
            b.append('\n');
        }
        if (!h.lockWaits().isEmpty()) {
            b.append("#### Lock waits\n\n| Blocked pid (application) | Waited s | Wait event | Blocked by pid (application) | Blocker's query |\n"
                    + "|---|---:|---|---|---|\n");
            for (HealthEvidence.LockWait l : h.lockWaits().subList(0, Math.min(10, h.lockWaits().size()))) {
                b.append(f("| %d (%s) | %.1f | %s | %d (%s) | %s |\n", l.blockedPid(), l.blockedApplication(), l.maxWaitSeconds(),
                        l.waitEvent(), l.blockingPid(), l.blockingApplication(), cell(l.blockingQuery())));
            }
            b.append('\n');
        }
        if (!h.idleInTransaction().isEmpty()) {
            b.append("#### Idle in transaction\n\n| pid | Application | Longest idle s | Last query |\n|---:|---|---:|---|\n");
            for (HealthEvidence.IdleInTransaction i : h.idleInTransaction().subList(0, Math.min(10, h.idleInTransaction().size()))) {
                b.append(f("| %d | %s | %.1f | %s |\n", i.pid(), i.application(), i.maxSeconds(), cell(i.query())));
            }
            b.append('\n');
        }
        if (!h.slowQueryPlans().isEmpty()) {
            b.append("#### Slow query plans (EXPLAIN ANALYZE, BUFFERS, after the load)\n\n");
            for (PlanSummary p : h.slowQueryPlans()) {
                if (p.error() != null) {
                    b.append("- **").append(p.operation()).append("**: could not EXPLAIN: ").append(cell(p.error())).append('\n');
                    continue;
                }
                b.append(f("- **%s**: execution %.2f ms (planning %.2f ms); costliest node %s, %.2f ms\n", p.operation(),
                        p.executionMs(), p.planningMs(), p.costliestNode(), p.costliestNodeMs()));
                for (String finding : p.findings()) b.append("  - ").append(finding).append('\n');
            }
            b.append('\n');
        }
        if (!h.unusedIndexes().isEmpty()) {
            b.append("#### Indexes not used during the test\n\n");
            for (IndexDelta i : h.unusedIndexes()) {
                b.append(f("- %s.%s on %s (%.1f MB, %,d scans since the statistics were reset)\n", i.schema(), i.index(), i.table(),
                        i.sizeBytes() / 1048576.0, i.totalScans()));
            }
            b.append('\n');
        }
    }

    private static void statements(List<StatementDelta> list, StringBuilder b) {
        b.append("| Statement | Calls | Total ms | Mean ms | Rows | Buffer hits | Blocks read |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (StatementDelta s : list) {
            b.append(f("| %s | %,d | %.1f | %.3f | %,d | %,d | %,d |\n", cell(s.query()), s.calls(), s.totalMs(), s.meanMs(), s.rows(),
                    s.hitBlocks(), s.readBlocks()));
        }
        b.append('\n');
    }

    private static String cell(String s) {
        if (s == null) return "";
        String t = s.replaceAll("\\s+", " ").replace("|", "\\|").trim();
        return t.length() > 120 ? "`" + t.substring(0, 117) + "...`" : "`" + t + "`";
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
