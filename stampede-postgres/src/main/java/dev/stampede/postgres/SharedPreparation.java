package dev.stampede.postgres;

import dev.stampede.core.config.ConfigException;
import dev.stampede.core.engine.NanoClock;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Data prepared once for all shards of a distributed run. Shard 0 loads the workload's data as a single run would and
 * then {@link #mark}s it in its own schema's ledger ({@code stampede_meta}: object_name
 * {@code prepared:TYPE:RUNKEY}, kind {@code prepared}); every other shard {@link #await}s that row, polling every
 * {@value #POLL_MILLIS} ms on its monitoring connection, and uses the tables without loading them. The run key holds
 * the run's start time and plan fingerprint, so a mark from an earlier run is never mistaken for this one's. Not
 * thread-safe; session thread only.
 */
final class SharedPreparation {
    static final long POLL_MILLIS = 250;
    private final OwnSchema own;
    private final NanoClock clock;

    SharedPreparation(OwnSchema own, NanoClock clock) {
        this.own = own;
        this.clock = clock;
    }

    static String markName(String workloadType, String runKey) {
        return "prepared:" + workloadType + ":" + runKey;
    }

    /** Shard 0, after its data is loaded: the row the other shards wait for. */
    void mark(Connection c, String workloadType, String runKey, int scale) throws SQLException {
        own.ensure(c);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + own.qualify("stampede_meta")
                + " (object_name, kind, workload, scale) VALUES (?, 'prepared', ?, ?) ON CONFLICT (object_name) DO NOTHING")) {
            ps.setString(1, markName(workloadType, runKey));
            ps.setString(2, workloadType);
            ps.setInt(3, scale);
            ps.executeUpdate();
        }
    }

    /** True when shard 0's mark is there; false while the ledger or the row does not exist yet. */
    boolean marked(Connection c, String workloadType, String runKey) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + own.qualify("stampede_meta") + " WHERE object_name = ?")) {
            ps.setString(1, markName(workloadType, runKey));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState())) return false; // no ledger (or schema) yet
            throw e;
        }
    }

    /** A way to get a fresh connection for each poll (a shard may wait minutes; no connection is held meanwhile). */
    interface Connections {
        Connection open() throws SQLException;
    }

    /**
     * Waits until shard 0's mark appears or {@code deadline} passes.
     *
     * @throws ConfigException at the deadline (exit 2), naming the schema, the mark and the fix
     */
    void await(Connections connections, String workloadType, String runKey, Instant deadline) throws SQLException, InterruptedException {
        while (true) {
            try (Connection c = connections.open()) {
                if (marked(c, workloadType, runKey)) return;
            }
            long now = clock.currentTimeMillis();
            if (now >= deadline.toEpochMilli()) {
                throw new ConfigException("shard 0 has not finished preparing workload '" + workloadType + "' in schema '" + own.name()
                        + "' by " + deadline + " (the start time and a grace): its mark '" + markName(workloadType, runKey) + "' is not in "
                        + own.qualify("stampede_meta") + "; start shard 0 with the same --start-at, plan and schema, or give every "
                        + "shard a later --start-at so that loading fits before it");
            }
            clock.sleepUntil(clock.nanoTime() + Math.min(POLL_MILLIS, deadline.toEpochMilli() - now) * 1_000_000L);
        }
    }
}
