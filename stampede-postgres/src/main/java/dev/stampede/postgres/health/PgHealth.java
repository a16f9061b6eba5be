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
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The database's side of a run: per-interval monitors (pg_stat_database, pg_stat_activity, lock
 * waits) and snapshots (pg_stat_statements, table and index statistics, the commit counter), turned
 * into a {@link HealthReport} per scenario. Monitoring runs on its own connection, bounded by
 * {@link PgTarget#MONITORING}'s timeouts; if that fails the run goes on without it.
 */
public final class PgHealth implements AutoCloseable {
    /** Connections this opens and keeps during a run, for {@link dev.stampede.postgres.ConnectionBudget#check}. */
    public static final int CONNECTIONS = 1;
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

    /** The monitoring connection (tests: reconnects and own transactions). */
    MonitorConnection monitorConnection() { return conn; }

    /**
     * Takes the scenario-start readings and returns the scenario's session. Call before the scenario's
     * pool opens. Until {@link Session#markMeasuredStart} is called, this is also where the statement
     * and commit windows start, so they include the warm-up and the pool's connection set-up; mark the
     * measured phase's edges to compare the client's numbers with the server's over the same window.
     */
    public Session begin() throws SQLException {
        CommitEdge edge = CommitEdge.read(conn, null, true, "the scenario's start");
        return new Session(Snapshots.read(conn), edge);
    }

    @Override
    public void close() {
        conn.close();
    }

    /**
     * One scenario's monitoring. The mark methods may be called from the engine thread while the
     * sampler thread runs the monitors (the connection is synchronized); {@link #finish} from the
     * session thread after the run.
     */
    public final class Session {
        private final Snapshots.Reading start;
        private final CommitEdge startEdge;
        private final HealthEvidence evidence = new HealthEvidence();
        private final DatabaseMonitor database = new DatabaseMonitor(conn);
        private final SessionsMonitor sessions = new SessionsMonitor(conn);
        private final List<Monitor> monitors;
        private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
        private volatile Snapshots.Reading measuredStart;
        private volatile CommitEdge measuredStartEdge;
        private volatile Snapshots.Reading measuredEnd;
        private volatile CommitEdge measuredEndEdge;

        private Session(Snapshots.Reading start, CommitEdge startEdge) {
            this.start = start;
            this.startEdge = startEdge;
            this.monitors = List.of(database, new ActivityMonitor(conn, evidence), new LockMonitor(conn, evidence), sessions);
            database.sample(); // baseline at the window's start
        }

        public List<Monitor> monitors() { return monitors; }

        /** The server's sessions by application and the pool's backends ({@link SessionsMonitor}). */
        public SessionsMonitor sessions() { return sessions; }

        /**
         * The first recorded phase is about to start: call on the engine thread before its workers
         * start (PhaseListener.phaseStarted with recorded = true); later calls are ignored. Publishes
         * the pool's pending statistics ({@link PgTarget.Pool#flushStatistics}), then reads
         * pg_stat_statements and the commit counter: these start the windows of the cross-check and
         * the commit check. Takes tens of milliseconds; never throws (a failure is reported and the
         * windows stay at the scenario's start).
         *
         * @param pool the scenario's pool, or null when it cannot be flushed (the edge is then approximate)
         */
        public void markMeasuredStart(dev.stampede.postgres.StatisticsFlush pool) {
            if (measuredStartEdge != null) return;
            try {
                CommitEdge edge = CommitEdge.read(conn, pool, false, "the measured phase's start");
                measuredStart = Snapshots.readStatements(conn);
                measuredStartEdge = edge;
            } catch (SQLException | RuntimeException e) {
                problems.add("the measured phase's start could not be read (" + SideErrors.describe(e)
                        + "); the statement and commit windows start at the scenario's start, warm-up included");
            }
        }

        /**
         * A recorded phase has ended and its workers have stopped: call on the engine thread
         * (PhaseListener.phaseEnded of a recorded phase); the last call wins, so call it after every
         * recorded phase. Reads pg_stat_statements, then publishes the pool's statistics and reads the
         * commit counter: the windows' end. Never throws; without this call the windows end after the pool closed.
         */
        public void markMeasuredEnd(dev.stampede.postgres.StatisticsFlush pool) {
            try {
                // statements first: pg_stat_statements is already exact, and the flush must not be in it
                Snapshots.Reading statements = Snapshots.readStatements(conn);
                CommitEdge edge = CommitEdge.read(conn, pool, false, "the measured phase's end");
                measuredEnd = statements;
                measuredEndEdge = edge;
            } catch (SQLException | RuntimeException e) {
                problems.add("the measured phase's end could not be read (" + SideErrors.describe(e)
                        + "); the statement and commit windows end after the pool closed");
            }
        }

        /**
         * Takes the end snapshot (call after the pool has closed, so every backend has flushed its
         * statistics), EXPLAINs operations slower than {@code slowMs} on average, and builds the report.
         */
        public HealthReport finish(ScenarioRun run, Workload workload, double slowMs) {
            return finish(run, workload, name -> slowMs);
        }

        /**
         * As above with a slow threshold per operation (its query target, or the general limit).
         * Bounded: every query runs on connections with {@link PgTarget#MONITORING}'s timeouts, so on a
         * frozen or locked server this returns within about a socket timeout per step, with what could
         * be read and the reason for the rest in {@link HealthReport#problems()}. Never throws.
         */
        public HealthReport finish(ScenarioRun run, Workload workload, ToDoubleFunction<String> slowMs) {
            List<String> notes = new ArrayList<>(problems);
            Map<String, Double> window = Map.of();
            CommitEdge endEdge = null;
            Snapshots.Reading end = null;
            try {
                awaitPoolBackendsGone();
                window = database.sample();
                endEdge = CommitEdge.read(conn, null, true, "the pool's close");
                end = Snapshots.read(conn);
            } catch (SQLException | RuntimeException e) {
                notes.add("the end snapshot could not be read (" + SideErrors.describe(e) + "); statement, table and "
                        + "commit deltas are missing");
            }
            Snapshots.Reading sStart = measuredStart != null ? measuredStart : start;
            Snapshots.Reading sEnd = measuredEnd != null ? measuredEnd : end;
            CommitEdge cStart = measuredStartEdge != null ? measuredStartEdge : startEdge;
            CommitEdge cEnd = measuredEndEdge != null ? measuredEndEdge : endEdge;
            String statementWindow = cStart.where() + " to " + (cEnd != null ? cEnd.where() : "(not read)");

            List<StatementDelta> statements = sEnd == null ? List.of() : Snapshots.statementDeltas(sStart, sEnd);
            List<TableDelta> tables = new ArrayList<>(end == null ? List.of() : Snapshots.tableDeltas(start, end).stream()
                    .filter(t -> t.seqScans() + t.indexScans() + t.inserted() + t.updated() + t.deleted() > 0).toList());
            tables.sort(Comparator.comparingLong(TableDelta::seqRowsRead).reversed());
            List<IndexDelta> indexes = end == null ? List.of() : Snapshots.indexDeltas(start, end);
            Set<String> readTables = new HashSet<>();
            for (TableDelta t : tables) if (t.seqScans() + t.indexScans() > 0) readTables.add(t.qualified());
            List<IndexDelta> unused = indexes.stream()
                    .filter(i -> !i.unique() && i.scans() == 0 && readTables.contains(i.schema() + "." + i.table())).toList();

            double walMs = cEnd == null ? Double.NaN : WalFlush.meanFlushMs(cStart.wal(), cEnd.wal());
            if (cEnd != null && !cEnd.wal().available()) notes.add(cEnd.wal().missing());
            CommitCheck commits = cEnd == null ? null : CommitCheck.of(workload, run.metrics().operations(), cStart, cEnd,
                    measuredStartEdge != null, measuredEndEdge != null, evidence.otherApplications());

            List<PlanSummary> plans = new ArrayList<>();
            List<CrossCheck> cross = new ArrayList<>();
            Map<String, OperationSummary> byName = new HashMap<>();
            for (OperationSummary s : run.metrics().operations()) byName.put(s.name(), s);
            for (Operation op : workload.operations()) {
                if (!(op instanceof Explainable ex)) continue;
                OperationSummary s = byName.get(op.name());
                if (s == null || s.attempts() == 0) continue;
                String norm = SqlText.normalize(ex.sql());
                java.util.Optional<StatementDelta> server = statements.stream()
                        .filter(d -> SqlText.normalize(d.query()).equals(norm)).findFirst();
                if (slowOnTheServer(run, s, server.orElse(null)) > slowMs.applyAsDouble(op.name())) {
                    plans.add(Explainer.explain(target, ex, 1));
                }
                server.ifPresent(d ->
                        cross.add(CrossCheck.of(op.name(), s.attempts(), s.latency().meanMs(), s.acquire().meanMs(), d,
                                SqlText.writes(ex.sql()), walMs)));
            }
            return new HealthReport(conn.capabilities(), window, statementWindow, top(statements, StatementDelta::totalMs),
                    top(statements, StatementDelta::meanMs), tables.subList(0, Math.min(20, tables.size())), unused,
                    evidence.idleInTransaction(), evidence.lockWaits(), plans, cross, commits,
                    Double.isNaN(walMs) ? null : walMs, List.copyOf(notes), statements, indexes);
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

    /**
     * How slow a statement was on the server, for the EXPLAIN decision: pg_stat_statements' mean execution time
     * when it has the statement, so that time the client spent waiting on a stalled server (or for a pooled
     * connection) does not pass for a slow plan. Without it, the client's execution mean; and nothing (0) for an
     * operation whose slowness a server stall explains.
     */
    static double slowOnTheServer(ScenarioRun run, OperationSummary client, StatementDelta server) {
        if (server != null && server.calls() > 0) return server.meanMs();
        if (run.stallExplains(client.name())) return 0;
        return client.execution().meanMs();
    }

    private static List<StatementDelta> top(List<StatementDelta> all, ToDoubleFunction<StatementDelta> key) {
        return all.stream().sorted(Comparator.comparingDouble(key).reversed()).limit(10).toList();
    }
}
