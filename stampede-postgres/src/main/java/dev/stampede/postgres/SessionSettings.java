package dev.stampede.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A temporary {@code statement_timeout} for the load's sessions (the {@code statement-timeout} server fault), applied
 * per session, never with {@code ALTER ROLE}: Stampede creates no role, and a role's settings are not its to change.
 * A pooled connection picks the setting up when it is next borrowed ({@link #apply}, one {@code SET} on the first
 * borrow after each change, nothing otherwise); a connection a user keeps for the whole phase sees it only if it is
 * borrowed again (a new or replaced connection does).
 *
 * <p>Why per borrow and not per connection creation: the window must also reach the connections already in the pool,
 * and must end for them too; a generation counter tells which connections saw the latest change.
 *
 * <p>Thread-safety: {@link #set} and {@link #clear} come from the fault driver's thread, {@link #apply} from every
 * user's; the generation is volatile and the per-connection map concurrent (a borrow takes no lock: after the first
 * change, every borrow for the rest of the scenario looks its connection up). Closed connections' entries are pruned
 * at each change, on the fault driver's thread.
 */
final class SessionSettings {
    private final long configuredMs;
    private volatile int generation;
    private volatile long overrideMs = -1;
    private final Map<org.postgresql.PGConnection, Integer> seen = new ConcurrentHashMap<>();

    /** @param configuredMs the workload sessions' own statement_timeout (database.statement_timeout), 0 for none */
    SessionSettings(long configuredMs) {
        this.configuredMs = configuredMs;
    }

    /** From the next borrow on, sessions run with {@code statement_timeout = ms}. */
    synchronized void set(long ms) {
        overrideMs = ms;
        generation++;
        prune();
    }

    /** From the next borrow on, sessions run with their configured statement_timeout again. */
    synchronized void clear() {
        overrideMs = -1;
        generation++;
        prune();
    }

    /** Forgets the physical connections that have been closed since (HikariCP retired them). */
    private void prune() {
        seen.keySet().removeIf(c -> {
            try {
                return ((Connection) c).isClosed();
            } catch (SQLException e) {
                return true;
            }
        });
    }

    /** The timeout in force for the load's sessions now, ms (0 = none). */
    long currentMs() {
        long o = overrideMs;
        return o >= 0 ? o : configuredMs;
    }

    /**
     * Brings a just-borrowed connection up to the current setting: free until the first change, then one map look-up,
     * and one {@code SET} round trip only when this physical connection has not seen the latest change.
     */
    Connection apply(Connection c) throws SQLException {
        int g = generation;
        if (g == 0) return c;
        org.postgresql.PGConnection physical = c.unwrap(org.postgresql.PGConnection.class);
        Integer had = seen.get(physical);
        if (had == null || had != g) {
            long ms = currentMs();
            boolean auto = c.getAutoCommit();
            if (!auto) c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("SET statement_timeout = " + ms);
            } finally {
                if (!auto) c.setAutoCommit(false);
            }
            seen.put(physical, g);
        }
        return c;
    }
}
