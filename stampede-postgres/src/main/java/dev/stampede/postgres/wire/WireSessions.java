package dev.stampede.postgres.wire;

import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One {@link WireConnection} per virtual user (by {@link dev.stampede.core.api.OperationContext#user()}), with the
 * workload's statements prepared on it. A user opens its session on first use or after its connection broke
 * ({@link #open}), and keeps it across attempts and phases. Thread-safe: each slot is touched by its user's thread
 * only, plus {@link #abortAll()} from any thread; {@link #closeAll()} runs when no attempt is running.
 */
public final class WireSessions implements dev.stampede.postgres.StatisticsFlush {
    /** A statement of the workload: its SQL (with {@code $n} placeholders) and parameter types. */
    public record Statement(String sql, List<ParamType> types) {
        public Statement {
            types = List.copyOf(types);
        }
    }

    /**
     * A user's connection and its prepared statements, in the order of {@link WireSessions}' statements, and the
     * statistics flush ({@code null} before PostgreSQL 15).
     */
    public record Session(WireConnection connection, PreparedStatement[] statements, PreparedStatement flush) {
    }

    /** Marked as monitoring, as the pool's flush is, so that pg_stat_statements deltas leave it out. */
    private static final String FLUSH = "SELECT /* stampede:monitor */ pg_stat_force_next_flush()";

    private final WireSettings settings;
    private final List<Statement> statements;
    private final AtomicReferenceArray<Session> slots;
    private final boolean canFlush;

    /** @param canFlush the server has pg_stat_force_next_flush() (PostgreSQL 15+) */
    public WireSessions(WireSettings settings, List<Statement> statements, int users, boolean canFlush) {
        this.canFlush = canFlush;
        this.settings = settings;
        this.statements = List.copyOf(statements);
        this.slots = new AtomicReferenceArray<>(users);
    }

    /** Users this was sized for. */
    public int size() { return slots.length(); }

    /** Registers {@code sql} (if new) and returns its index, for an operation to find its statement in each session. */
    public int indexOf(String sql) {
        for (int i = 0; i < statements.size(); i++) if (statements.get(i).sql().equals(sql)) return i;
        throw new IllegalArgumentException("statement not registered with the wire sessions: " + sql);
    }

    /** The user's open session, or null when it has none (first use, or its connection broke). */
    public Session get(int user) {
        return slots.getPlain(user) != null ? slots.get(user) : null;
    }

    /**
     * Opens a session for {@code user}: connects, authenticates and prepares every statement.
     *
     * @throws WireException when the server cannot be reached, refuses the login or rejects a statement
     */
    public Session open(int user) throws WireException {
        WireConnection c = WireConnection.open(settings);
        try {
            PreparedStatement[] ps = new PreparedStatement[statements.size()];
            for (int i = 0; i < ps.length; i++) ps[i] = c.prepare(statements.get(i).sql(), statements.get(i).types());
            Session s = new Session(c, ps, canFlush ? c.prepare(FLUSH, List.of()) : null);
            slots.set(user, s);
            return s;
        } catch (WireException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Forgets and closes {@code session} of {@code user} (its connection broke): the user's next attempt opens another. */
    public void discard(int user, Session session) {
        slots.compareAndSet(user, session, null);
        session.connection().close();
    }

    /** Opens a session for every user that has none (before the load, so connecting is not in any attempt). */
    public void warm() throws WireException {
        for (int u = 0; u < slots.length(); u++) if (slots.get(u) == null) open(u);
    }

    /**
     * Makes every open session publish its pending statistics now (one transaction each), between phases only.
     *
     * @return sessions flushed, or -1 before PostgreSQL 15
     * @throws WireException when a session's flush fails (that session is then dropped)
     */
    @Override
    public int flushStatistics() throws WireException {
        if (!canFlush) return -1;
        int n = 0;
        for (int u = 0; u < slots.length(); u++) {
            Session s = slots.get(u);
            if (s == null) continue;
            try {
                s.flush().execute();
                n++;
            } catch (WireException e) {
                if (s.connection().broken()) discard(u, s);
                throw e;
            }
        }
        return n;
    }

    /** Closes every socket at once, from any thread: users blocked on a hung server fail now. */
    public void abortAll() {
        for (int u = 0; u < slots.length(); u++) {
            Session s = slots.getAndSet(u, null);
            if (s != null) s.connection().abort();
        }
    }

    /** Sends Terminate on every session and closes it; only while no attempt runs. */
    public void closeAll() {
        for (int u = 0; u < slots.length(); u++) {
            Session s = slots.getAndSet(u, null);
            if (s != null) s.connection().close();
        }
    }

    /** For the report: "wire driver, one connection per user (8)". */
    public String describe() {
        return "wire driver (Stampede's own protocol client), one connection per user (" + slots.length() + ")";
    }
}
