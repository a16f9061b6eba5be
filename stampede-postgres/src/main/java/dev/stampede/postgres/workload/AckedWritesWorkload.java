package dev.stampede.postgres.workload;

import dev.stampede.core.api.Operation;
import dev.stampede.core.api.OperationContext;
import dev.stampede.core.api.Outcome;
import dev.stampede.core.api.Workload;
import dev.stampede.core.fault.WriteLedger;
import dev.stampede.postgres.OwnSchema;
import dev.stampede.postgres.SqlStates;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The acknowledged-writes workload: each attempt inserts one row with a key of its own into
 * {@code <schema>.stampede_acked} (autocommit: the INSERT's reply is the acknowledgement) and records the outcome in a
 * {@link WriteLedger}. A broken connection after the INSERT was sent leaves the write unknown; a failure to get a
 * connection, or an error the server returned, means it did not happen. After the run, {@link #check} reads the table
 * back and the ledger says how many acknowledged writes were lost. Thread-safe.
 */
public final class AckedWritesWorkload implements Workload {
    /** The table, in Stampede's own schema. */
    public static final String TABLE = "stampede_acked";
    /** The workload type's name. */
    public static final String TYPE = "acked-writes";

    private final DataSource dataSource;
    private final String table;
    private final WriteLedger ledger = new WriteLedger();
    private final List<Operation> operations;

    public AckedWritesWorkload(DataSource dataSource, OwnSchema schema) {
        this.dataSource = dataSource;
        this.table = schema.name() + "." + TABLE;
        this.operations = List.of(new Insert());
    }

    /** Creates the table (empty) in Stampede's schema; run before the load. */
    public static void setup(Connection c, OwnSchema schema) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + schema.name());
            s.execute("DROP TABLE IF EXISTS " + schema.name() + "." + TABLE);
            s.execute("CREATE TABLE " + schema.name() + "." + TABLE + " (k bigint PRIMARY KEY, at timestamptz NOT NULL DEFAULT clock_timestamp())");
        }
    }

    public WriteLedger ledger() { return ledger; }

    /** Reads every key the table holds and classifies the ledger's writes against them. */
    public WriteLedger.Check check(Connection c) throws SQLException {
        SQLException[] failure = {null};
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.setFetchSize(10_000);
            WriteLedger.Check result = ledger.check(sink -> {
                try (ResultSet rs = s.executeQuery("SELECT k FROM " + table)) {
                    while (rs.next()) sink.accept(rs.getLong(1));
                } catch (SQLException e) {
                    failure[0] = e;
                }
            });
            if (failure[0] != null) throw failure[0];
            return result;
        } finally {
            c.commit();
            c.setAutoCommit(true);
        }
    }

    @Override public String name() { return TYPE; }

    @Override public List<Operation> operations() { return operations; }

    @Override public int pick(SplittableRandom random) { return 0; }

    private final class Insert implements Operation {
        @Override public String name() { return "acked_insert"; }

        @Override
        public Outcome call(OperationContext ctx) {
            long key = ledger.nextKey();
            Connection c;
            try {
                c = dataSource.getConnection();
            } catch (SQLException e) {
                ledger.failed(key);
                return SqlStates.borrowFailed(ctx, e);
            }
            ctx.markAcquired();
            Outcome o;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (k) VALUES (?)")) {
                ps.setLong(1, key);
                ps.executeUpdate();
                o = Outcome.OK;
            } catch (SQLException e) {
                o = SqlStates.executeFailure(e);
            } catch (RuntimeException e) {
                o = Outcome.unknown(SqlStates.classOf("08006"), "the driver failed while writing: " + e.getClass().getSimpleName());
            }
            try {
                c.close();
            } catch (SQLException ignored) {
                // the pool evicts it; the write's outcome stands
            }
            switch (o.status()) {
                case OK -> ledger.acknowledged(key);
                case UNKNOWN -> ledger.unknown(key);
                case FAILED -> ledger.failed(key);
            }
            return o;
        }
    }
}
