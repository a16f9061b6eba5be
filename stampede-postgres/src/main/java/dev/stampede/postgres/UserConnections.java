package dev.stampede.postgres;

import dev.stampede.core.api.OperationContext;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the workload's SQL operations get their connections and prepared statements, in one of two modes.
 *
 * <ul>
 *   <li><b>Borrowed per attempt</b> ({@link #pooled}): every attempt borrows from the pool, prepares its statements
 *   and gives both back; the wait for the connection is the attempt's acquire time. Used whenever the pool is
 *   smaller than the users or was sized by the user ({@code DB_POOL_SIZE}), so that pool contention is measured.</li>
 *   <li><b>Held per user</b> ({@link #held}): when the pool has one connection per user (the default), borrowing
 *   never waits, and a borrow and return per attempt is pure client cost (HikariCP's bag, its proxy objects and
 *   state reset, a prepared statement made and closed: measured about 1-2 µs of CPU per attempt). Each user's
 *   thread then borrows once and keeps the connection and its prepared statements across attempts. Only a real
 *   borrow is timed as acquire time ({@link OperationContext#markAcquired}): the first attempt of a user in each
 *   phase, the first after a failure, and the first after the connection outlived the pool's recycle time; the
 *   other attempts have no acquire time (execution is the whole attempt), never an invented one. A connection
 *   whose attempt failed goes back to the pool (HikariCP evicts a broken one), and the next attempt borrows.
 *   {@link #releaseAll} returns every held connection; the scenario calls it at the end of each phase (the phase's
 *   user threads have ended then) and before the pool closes. The report's workload description says which mode
 *   ran ({@link #describe}).</li>
 * </ul>
 *
 * <p>It is also the {@link DataSource} the workload's operations are built with: {@link #getConnection} borrows
 * from the pool, for code that wants a connection of its own ({@link #borrow} names the operation it is for). When made
 * with {@link Checkouts}, every attempt's use of its connection and every such borrow is tracked there, so that
 * connections kept out longer than a threshold are counted with the operation that took them. Thread-safe: each user thread touches only its own
 * held state; {@link #releaseAll} runs when no attempt is running.
 */
public final class UserConnections extends ForwardingDataSource {
    /** Attempts between checks of a held connection's age against the recycle time (a clock read each). */
    private static final int AGE_CHECK_EVERY = 256;

    private final boolean held;
    private final long recycleNanos;
    private final ThreadLocal<Held> mine;
    private final Set<Held> all = ConcurrentHashMap.newKeySet();
    private final Checkouts checkouts;

    private UserConnections(DataSource pool, boolean held, long recycleNanos, Checkouts checkouts) {
        super(pool);
        this.held = held;
        this.recycleNanos = recycleNanos;
        this.mine = held ? new ThreadLocal<>() : null;
        this.checkouts = checkouts;
    }

    /** Every attempt borrows from {@code pool}. */
    public static UserConnections pooled(DataSource pool) {
        return new UserConnections(pool, false, 0, null);
    }

    /** Every attempt borrows from {@code pool}; checkouts are tracked in {@code checkouts} (null: not tracked). */
    public static UserConnections pooled(DataSource pool, Checkouts checkouts) {
        return new UserConnections(pool, false, 0, checkouts);
    }

    /**
     * Each user thread holds one connection of {@code pool} across its attempts; only when the pool has at least
     * one connection per concurrent user thread (otherwise users would wait on connections held by others).
     *
     * @param recycleNanos a held connection is given back and borrowed again once it is older than this (the
     *                     pool's maximum lifetime), so that recycling still happens
     */
    public static UserConnections held(DataSource pool, long recycleNanos) {
        return new UserConnections(pool, true, recycleNanos, null);
    }

    /** As {@link #held(DataSource, long)}, each attempt's use of its connection tracked in {@code checkouts} (null: not). */
    public static UserConnections held(DataSource pool, long recycleNanos, Checkouts checkouts) {
        return new UserConnections(pool, true, recycleNanos, checkouts);
    }

    /** Where checkouts are tracked, or null. */
    public Checkouts checkouts() { return checkouts; }

    /** The source of {@code ds}: itself when it is one, otherwise borrowing per attempt from it. */
    public static UserConnections of(DataSource ds) {
        return ds instanceof UserConnections u ? u : pooled(ds);
    }

    public boolean isHeld() { return held; }

    /** For the report's workload description. */
    public String describe() {
        return held ? "one connection held per user (borrowed once per phase, not per attempt; acquire time covers those borrows only)"
                : "a pooled connection borrowed per attempt";
    }

    /**
     * The connection for this attempt: the thread's held one, or a fresh borrow (marked acquired on {@code ctx}).
     *
     * @throws SQLException when borrowing failed; the caller reports it with {@link SqlStates#borrowFailed}
     */
    public Connection take(OperationContext ctx) throws SQLException {
        return take(ctx, null);
    }

    /**
     * As {@link #take(OperationContext)} for {@code operation}: the use of the connection from now to {@link #done} is
     * a checkout of that operation in {@link Checkouts} (when tracked).
     */
    public Connection take(OperationContext ctx, String operation) throws SQLException {
        Connection c = takeConnection(ctx);
        if (checkouts != null) checkouts.begin(operation);
        return c;
    }

    private Connection takeConnection(OperationContext ctx) throws SQLException {
        if (!held) {
            Connection c = pool.getConnection();
            ctx.markAcquired();
            return c;
        }
        Held h = mine.get();
        if (h != null && h.ageCheck() && System.nanoTime() - h.since > recycleNanos) {
            drop(h);
            h = null;
        }
        if (h == null) {
            Connection c = pool.getConnection();
            ctx.markAcquired();
            h = new Held(c, System.nanoTime());
            all.add(h);
            mine.set(h);
        }
        return h.connection;
    }

    /**
     * The attempt on {@code c} ended; {@code ok} false when it failed (after rolling back). Borrowed per attempt:
     * the connection goes back. Held: it stays with the user, unless the attempt failed.
     */
    public void done(Connection c, boolean ok) {
        if (checkouts != null) checkouts.end();
        if (held) {
            if (ok) return;
            Held h = mine.get();
            if (h != null && h.connection == c) {
                drop(h);
                return;
            }
        }
        closeQuietly(c);
    }

    /**
     * A prepared statement for {@code sql} on {@code c}, which the caller hands to {@link #finished} when done
     * (never closes itself). Held: made once per held connection and kept. Borrowed: made now.
     */
    public PreparedStatement prepare(Connection c, String sql) throws SQLException {
        if (held) {
            Held h = mine.get();
            if (h != null && h.connection == c) {
                PreparedStatement ps = h.statements.get(sql);
                if (ps == null) {
                    ps = c.prepareStatement(sql);
                    h.statements.put(sql, ps);
                }
                return ps;
            }
        }
        return c.prepareStatement(sql);
    }

    /** Ends the use of a statement from {@link #prepare} on {@code c}: closed when borrowed per attempt, kept when held. */
    public void finished(Connection c, PreparedStatement ps) throws SQLException {
        if (held) {
            Held h = mine.get();
            if (h != null && h.connection == c) return;
        }
        ps.close();
    }

    /**
     * Gives every held connection back to the pool. Call only while no attempt runs (between phases, before the
     * pool closes); the user threads that held them have ended. Returns how many were held.
     */
    public int releaseAll() {
        int n = 0;
        for (Held h : all) {
            drop(h);
            n++;
        }
        return n;
    }

    private void drop(Held h) {
        all.remove(h);
        if (mine.get() == h) mine.remove();
        closeQuietly(h.connection);   // HikariCP closes the statements it tracked for this connection
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // only returning the connection failed; the pool evicts it
        }
    }

    /** One user's connection and its statements; touched by that user's thread only (and by releaseAll after it). */
    private static final class Held {
        final Connection connection;
        final long since;
        final Map<String, PreparedStatement> statements = new HashMap<>();
        int attempts;

        Held(Connection connection, long since) {
            this.connection = connection;
            this.since = since;
        }

        boolean ageCheck() { return (++attempts & (AGE_CHECK_EVERY - 1)) == 0; }
    }

    // DataSource: borrows from the pool, for code that wants a connection of its own

    @Override public Connection getConnection() throws SQLException { return borrow("getConnection()"); }

    /**
     * A connection of the pool's for {@code operation}'s own use, outside the attempt's: the caller closes it. Tracked in
     * {@link Checkouts} until it is closed, so one that is never closed shows up as a leak of {@code operation}.
     */
    public Connection borrow(String operation) throws SQLException {
        Connection c = pool.getConnection();
        return checkouts == null ? c : checkouts.track(c, operation);
    }

    @Override public Connection getConnection(String user, String password) throws SQLException { return pool.getConnection(user, password); }

}
