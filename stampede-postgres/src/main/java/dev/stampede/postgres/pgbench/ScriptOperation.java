package dev.stampede.postgres.pgbench;

import dev.stampede.core.api.ErrorClass;
import dev.stampede.core.api.Operation;
import dev.stampede.core.api.OperationContext;
import dev.stampede.core.api.Outcome;
import dev.stampede.postgres.Commits;
import dev.stampede.postgres.SqlStates;
import dev.stampede.postgres.UserConnections;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;

/**
 * Runs one pgbench script as one Stampede operation (one attempt = one run of the script, like one pgbench
 * transaction). Variables live for one run; {@code :var} values are bound as untyped text parameters (the server
 * infers their types, as with pgbench's prepared mode), never spliced; a custom transaction binds generated and
 * read values with their Java types instead, as the custom workload's single statements do. A bare BEGIN starts a JDBC transaction (sent
 * with the next statement), END/COMMIT commits it. On a serialization failure or deadlock the whole script is
 * retried up to {@code maxTries} with the same random values (as pgbench restores its random state); retries and
 * failures are counted by kind in {@link ScriptStats}. A script error (division by zero, undefined variable) is a
 * failed attempt of class client-error, after the open transaction is rolled back. Thread-safe: per-run state is local.
 */
public class ScriptOperation implements Operation {
    private final Script script;
    private final UserConnections connections;
    private final int maxTries;
    private final String isolationSql;
    private final boolean wholeTransaction;
    private final Map<String, Object> base;
    private final BiConsumer<Map<String, Object>, SplittableRandom> initial;
    private final ThreadLocal<Long> clientId;
    private final ScriptStats stats;
    private final String name;

    /**
     * @param isolation        READ COMMITTED, REPEATABLE READ or SERIALIZABLE for each transaction; null for the server's default
     * @param wholeTransaction run the whole script as one transaction (custom transactions), not only its BEGIN..END blocks
     * @param base             variables every run starts with (scale, default_seed, random_seed)
     * @param initial          draws per-run variables (a custom transaction's parameter generators); may be null
     * @param clientId         this thread's client number (pgbench's :client_id)
     */
    public ScriptOperation(String name, Script script, DataSource dataSource, int maxTries, String isolation, boolean wholeTransaction,
                           Map<String, Object> base, BiConsumer<Map<String, Object>, SplittableRandom> initial, ThreadLocal<Long> clientId) {
        this.name = name;
        this.script = script;
        this.connections = UserConnections.of(dataSource);
        this.maxTries = Math.max(1, maxTries);
        this.isolationSql = isolation == null ? null : "SET TRANSACTION ISOLATION LEVEL " + isolation;
        this.wholeTransaction = wholeTransaction;
        this.base = Map.copyOf(base);
        this.initial = initial;
        this.clientId = clientId;
        this.stats = new ScriptStats(script);
    }

    /** A script operation that commits a fixed number of transactions per success (no {@code \if}). */
    public static ScriptOperation of(String name, Script script, DataSource ds, int maxTries, String isolation, boolean whole,
                                     Map<String, Object> base, BiConsumer<Map<String, Object>, SplittableRandom> initial, ThreadLocal<Long> clientId) {
        int commits = whole ? 1 : script.commits();
        if (commits < 0) return new ScriptOperation(name, script, ds, maxTries, isolation, whole, base, initial, clientId);
        return new Committing(name, script, ds, maxTries, isolation, whole, base, initial, clientId, commits);
    }

    private static final class Committing extends ScriptOperation implements Commits {
        private final int commits;

        Committing(String name, Script script, DataSource ds, int maxTries, String isolation, boolean whole, Map<String, Object> base,
                   BiConsumer<Map<String, Object>, SplittableRandom> initial, ThreadLocal<Long> clientId, int commits) {
            super(name, script, ds, maxTries, isolation, whole, base, initial, clientId);
            this.commits = commits;
        }

        @Override public int commitsPerSuccess() { return commits; }
    }

    @Override public String name() { return name; }

    public Script script() { return script; }

    public ScriptStats stats() { return stats; }

    @Override
    public Outcome call(OperationContext ctx) throws InterruptedException {
        Connection c;
        try {
            c = connections.take(ctx, name);
        } catch (SQLException e) {
            return SqlStates.borrowFailed(ctx, e);
        }
        long seed = ctx.random().nextLong();
        boolean ok = false;
        try {
            for (int attempt = 1; ; attempt++) {
                Run run = new Run(new SplittableRandom(seed));
                try {
                    run.execute(c);
                    stats.success();
                    ok = true;
                    return Outcome.OK;
                } catch (SQLException e) {
                    run.cleanup(c);
                    String state = e.getSQLState();
                    String kind = SqlStates.SERIALIZATION_FAILURE.equals(state) ? "serialization"
                            : SqlStates.DEADLOCK_DETECTED.equals(state) ? "deadlock" : "sqlstate " + (state == null ? "?" : state);
                    if (SqlStates.isRetryable(e) && attempt < maxTries) {
                        ctx.addRetry();
                        stats.retry(kind);
                        continue;
                    }
                    stats.commandFailed(run.current);
                    stats.failure(kind);
                    return SqlStates.executeFailure(e);
                } catch (ScriptError e) {
                    run.cleanup(c);
                    stats.commandFailed(run.current);
                    stats.failure(ErrorClass.CLIENT_ERROR.code());
                    return Outcome.failed(ErrorClass.CLIENT_ERROR, script.name() + ":" + run.line + ": " + e.getMessage());
                } catch (InterruptedException e) {
                    run.cleanup(c);
                    throw e;
                }
            }
        } finally {
            // a held connection stays with the user after a success; after a failure it goes back to the pool
            connections.done(c, ok);
        }
    }

    /** One run of the script: its variables, random source and position. Confined to the calling thread. */
    private final class Run implements Expr.Env {
        private final Map<String, Object> vars;
        private final SplittableRandom random;
        private boolean inTx;
        int current = -1;
        int line;

        Run(SplittableRandom random) {
            this.random = random;
            this.vars = new HashMap<>(base);
            vars.put("client_id", clientId.get());
            if (initial != null) initial.accept(vars, random);
        }

        @Override public Object variable(String n) { return vars.get(n); }

        @Override public RandomGenerator random() { return random; }

        void execute(Connection c) throws SQLException, InterruptedException {
            if (wholeTransaction) begin(c);
            List<Command> cmds = script.commands();
            int pc = 0;
            while (pc < cmds.size()) {
                Command cmd = cmds.get(pc++);
                current = cmd.index();
                line = cmd.line();
                long t0 = System.nanoTime();
                switch (cmd) {
                    case Command.Sql s -> sql(c, s);
                    case Command.Set s -> vars.put(s.name(), s.expr().eval(this));
                    case Command.Sleep s -> {
                        long micros = Values.toInt(s.amount().eval(this)) * s.micros();
                        if (micros > 0) Thread.sleep(Duration.ofNanos(micros * 1000));
                    }
                    case Command.Branch b -> {
                        if (!Values.truth(b.condition().eval(this))) pc = b.elseTarget()[0];
                    }
                    case Command.Jump j -> pc = j.target()[0];
                    case Command.Marker m -> { }
                }
                if (current >= 0) stats.command(current, System.nanoTime() - t0);
            }
            current = -1;
            if (wholeTransaction) {
                c.commit();
                c.setAutoCommit(true);
                inTx = false;
            }
            if (inTx || serverTransactionOpen(c)) {
                throw new ScriptError("end of script reached with a transaction still open; end it with END or COMMIT");
            }
        }

        private void begin(Connection c) throws SQLException {
            c.setAutoCommit(false);
            inTx = true;
            if (isolationSql != null) {
                try (Statement st = c.createStatement()) {
                    st.execute(isolationSql);
                }
            }
        }

        private void sql(Connection c, Command.Sql s) throws SQLException {
            switch (s.kind()) {
                case BEGIN -> {
                    if (!inTx) { begin(c); return; }
                }
                case COMMIT -> {
                    if (inTx && !wholeTransaction) { c.commit(); c.setAutoCommit(true); inTx = false; return; }
                }
                case ROLLBACK -> {
                    if (inTx && !wholeTransaction) { c.rollback(); c.setAutoCommit(true); inTx = false; return; }
                }
                default -> { }
            }
            PreparedStatement ps = connections.prepare(c, s.jdbc());
            try {
                List<String> names = s.variables();
                for (int i = 0; i < names.size(); i++) {
                    Object v = vars.get(names.get(i));
                    if (v == null) {
                        throw new ScriptError("undefined variable \"" + names.get(i) + "\" in: " + s.text());
                    }
                    if (wholeTransaction) {
                        ps.setObject(i + 1, v == Values.NULL ? null : v);   // custom transactions bind with the value's own type
                    } else if (v instanceof String || v instanceof Long || v instanceof Double || v instanceof Boolean || v == Values.NULL) {
                        String text = v instanceof String str ? str : Values.text(v);
                        if (text == null) ps.setNull(i + 1, Types.NULL);
                        else ps.setObject(i + 1, text, Types.OTHER);
                    } else {
                        ps.setObject(i + 1, v);   // a custom transaction's generated UUID or timestamp: bound with its type
                    }
                }
                if (!ps.execute()) return;
                try (ResultSet rs = ps.getResultSet()) {
                    if (s.gsetPrefix() == null) {
                        while (rs.next()) rs.getObject(1);
                        return;
                    }
                    ResultSetMetaData md = rs.getMetaData();
                    int rows = 0;
                    while (rs.next()) {
                        rows++;
                        if (!s.aset() && rows > 1) break;
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            // pgbench keeps results as text; a custom transaction keeps the column's type for binding
                            Object v = wholeTransaction ? rs.getObject(i) : rs.getString(i);
                            vars.put(s.gsetPrefix() + md.getColumnLabel(i), v == null ? Values.NULL : v);
                        }
                    }
                    if (!s.aset() && rows != 1) {
                        throw new ScriptError("\\gset expects exactly one row, got " + (rows > 1 ? "more than one" : "none") + ": " + s.text());
                    }
                }
            } finally {
                connections.finished(c, ps);
            }
        }

        private boolean serverTransactionOpen(Connection c) throws SQLException {
            BaseConnection pg = c.unwrap(BaseConnection.class);
            return pg.getTransactionState() != TransactionState.IDLE;
        }

        /** Rolls back whatever the failed run left open, so the pooled connection goes back clean. */
        void cleanup(Connection c) {
            try {
                if (c.isClosed()) return;
                if (!c.getAutoCommit()) {
                    c.rollback();
                    c.setAutoCommit(true);
                }
                inTx = false;
                if (serverTransactionOpen(c)) {
                    try (Statement st = c.createStatement()) {
                        st.execute("ROLLBACK");
                    }
                }
            } catch (SQLException ignored) {
                // a broken connection: the pool evicts it on close
            }
        }
    }
}
