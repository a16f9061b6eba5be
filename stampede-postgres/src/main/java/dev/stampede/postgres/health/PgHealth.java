package dev.stampede.postgres.health;

import dev.stampede.core.api.Monitor;
import dev.stampede.core.api.Operation;
import dev.stampede.core.api.Workload;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.metrics.OperationSummary;
import dev.stampede.postgres.Explainable;
import dev.stampede.postgres.PgTarget;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The database's side of a run: per-interval monitors (pg_stat_database, pg_stat_activity, lock
 * waits) and start/end snapshots (pg_stat_statements, table and index statistics), turned into a
 * {@link HealthReport} per scenario. Monitoring runs on its own connection; if that fails the run goes
 * on without it.
 */
public final class PgHealth implements AutoCloseable {
    private final PgTarget target;
    private final MonitorConnection conn;

    private PgHealth(PgTarget target, MonitorConnection conn) {
        this.target = target;
        this.conn = conn;
    }

    public static PgHealth open(PgTarget target) throws SQLException {
        return new PgHealth(target, MonitorConnection.open(target));
    }

    public Capabilities capabilities() { return conn.capabilities(); }

    /** Takes the start snapshot and returns the scenario's monitors. Call before the first phase. */
    public Session begin() throws SQLException {
        return new Session(Snapshots.read(conn));
    }

    @Override
    public void close() {
        conn.close();
    }

    /** One scenario's monitoring. Not thread-safe beyond the monitors' own contract. */
    public final class Session {
        private final Snapshots.Reading start;
        private final HealthEvidence evidence = new HealthEvidence();
        private final DatabaseMonitor database = new DatabaseMonitor(conn);
        private final List<Monitor> monitors;

        private Session(Snapshots.Reading start) {
            this.start = start;
            this.monitors = List.of(database, new ActivityMonitor(conn, evidence), new LockMonitor(conn, evidence));
            database.sample(); // baseline at the window's start
        }

        public List<Monitor> monitors() { return monitors; }

        /**
         * Takes the end snapshot (call after the pool has closed, so every backend has flushed its
         * statistics), EXPLAINs operations slower than {@code slowMs} on average, and builds the report.
         */
        public HealthReport finish(ScenarioRun run, Workload workload, double slowMs) throws SQLException {
            return finish(run, workload, name -> slowMs);
        }

        /** As above with a slow threshold per operation (its query target, or the general limit). */
        public HealthReport finish(ScenarioRun run, Workload workload, java.util.function.ToDoubleFunction<String> slowMs)
                throws SQLException {
            awaitPoolBackendsGone();
            Map<String, Double> window = database.sample();
            Snapshots.Reading end = Snapshots.read(conn);
            List<StatementDelta> statements = Snapshots.statementDeltas(start, end);
            List<TableDelta> tables = new ArrayList<>(Snapshots.tableDeltas(start, end).stream()
                    .filter(t -> t.seqScans() + t.indexScans() + t.inserted() + t.updated() + t.deleted() > 0).toList());
            tables.sort(Comparator.comparingLong(TableDelta::seqRowsRead).reversed());
            List<IndexDelta> indexes = Snapshots.indexDeltas(start, end);
            java.util.Set<String> readTables = new java.util.HashSet<>();
            for (TableDelta t : tables) if (t.seqScans() + t.indexScans() > 0) readTables.add(t.qualified());
            List<IndexDelta> unused = indexes.stream()
                    .filter(i -> !i.unique() && i.scans() == 0 && readTables.contains(i.schema() + "." + i.table())).toList();

            List<PlanSummary> plans = new ArrayList<>();
            List<CrossCheck> cross = new ArrayList<>();
            Map<String, OperationSummary> byName = new java.util.HashMap<>();
            for (OperationSummary s : run.metrics().operations()) byName.put(s.name(), s);
            for (Operation op : workload.operations()) {
                if (!(op instanceof Explainable ex)) continue;
                OperationSummary s = byName.get(op.name());
                if (s == null || s.attempts() == 0) continue;
                if (s.latency().meanMs() > slowMs.applyAsDouble(op.name())) plans.add(Explainer.explain(target, ex, 1));
                String norm = SqlText.normalize(ex.sql());
                statements.stream().filter(d -> SqlText.normalize(d.query()).equals(norm)).findFirst().ifPresent(d ->
                        cross.add(new CrossCheck(op.name(), s.attempts(), s.latency().meanMs(), s.acquire().meanMs(), d.calls(),
                                d.meanMs(), s.latency().meanMs() - d.meanMs(), d.query())));
            }
            return new HealthReport(conn.capabilities(), window, top(statements, StatementDelta::totalMs),
                    top(statements, StatementDelta::meanMs), tables.subList(0, Math.min(20, tables.size())), unused,
                    evidence.idleInTransaction(), evidence.lockWaits(), plans, cross, statements, indexes);
        }
    }

    /**
     * Backends flush their statistics when they exit; waits (up to 5 s) until the pool's sessions are
     * gone, plus the old statistics collector's delay before PostgreSQL 15.
     */
    private void awaitPoolBackendsGone() throws SQLException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            long n = conn.query("SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + PgTarget.APP_NAME + "'",
                    rs -> rs.getLong(1)).get(0);
            if (n == 0) break;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        try {
            Thread.sleep(conn.capabilities().serverVersionNum() >= 150000 ? 50 : 700);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<StatementDelta> top(List<StatementDelta> all, ToDoubleFunction<StatementDelta> key) {
        return all.stream().sorted(Comparator.comparingDouble(key).reversed()).limit(10).toList();
    }
}
