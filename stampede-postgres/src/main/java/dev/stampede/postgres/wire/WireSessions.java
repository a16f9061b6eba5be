package dev.stampede.postgres.wire;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One {@link WireConnection} per virtual user (by {@link dev.stampede.core.api.OperationContext#user()}), with the
 * workload's statements prepared on it, its socket served by one of a few {@link WireLoop}s (one per core, at most
 * one per user; user {@code u} on loop {@code u % loops}). A user opens its session on first use or after its
 * connection broke ({@link #open}: connect and prepare block, so they run on a connect thread, never on a loop), and
 * keeps it across attempts and phases. Executions are sent with {@link #send} and answered on the session's loop.
 *
 * <p>Thread-safety: every method from any thread. Each slot is replaced by its user only, plus {@link #abortAll()};
 * {@link #flushStatistics()} and {@link #closeAll()} run when no attempt is running.
 */
public final class WireSessions implements dev.stampede.postgres.StatisticsFlush {
    /** A statement of the workload: its SQL (with {@code $n} placeholders) and parameter types. */
    public record Statement(String sql, List<ParamType> types) {
        public Statement {
            types = List.copyOf(types);
        }
    }

    /**
     * A user's connection and its prepared statements, in the order of {@link WireSessions}' statements, the
     * statistics flush ({@code null} before PostgreSQL 15), and the loop that owns its socket. Immutable.
     */
    public static final class Session {
        private final WireConnection connection;
        private final PreparedStatement[] statements;
        private final PreparedStatement flush;
        final WireLoop loop;
        final LoopConnection socket;

        Session(WireConnection connection, PreparedStatement[] statements, PreparedStatement flush, WireLoop loop, LoopConnection socket) {
            this.connection = connection;
            this.statements = statements;
            this.flush = flush;
            this.loop = loop;
            this.socket = socket;
        }

        public WireConnection connection() { return connection; }

        public PreparedStatement[] statements() { return statements; }
    }

    /** Marked as monitoring, as the pool's flush is, so that pg_stat_statements deltas leave it out. */
    private static final String FLUSH = "SELECT /* stampede:monitor */ pg_stat_force_next_flush()";
    /** How long a statistics flush or a hand-over to a loop may take before it counts as failed. */
    private static final long WAIT_SECONDS = 30;

    private final WireSettings settings;
    private final List<Statement> statements;
    private final AtomicReferenceArray<Session> slots;
    private final boolean canFlush;
    private final int loopCount;
    private WireLoop[] loops;          // guarded by this; started on first use, stopped by closeAll
    private ExecutorService connector; // guarded by this

    /** @param canFlush the server has pg_stat_force_next_flush() (PostgreSQL 15+) */
    public WireSessions(WireSettings settings, List<Statement> statements, int users, boolean canFlush) {
        this(settings, statements, users, canFlush, Runtime.getRuntime().availableProcessors());
    }

    /** @param loops event-loop threads to spread the users' sockets over (capped at {@code users}) */
    public WireSessions(WireSettings settings, List<Statement> statements, int users, boolean canFlush, int loops) {
        this.canFlush = canFlush;
        this.settings = settings;
        this.statements = List.copyOf(statements);
        this.slots = new AtomicReferenceArray<>(users);
        this.loopCount = Math.max(1, Math.min(loops, users));
    }

    /** Users this was sized for. */
    public int size() { return slots.length(); }

    /** Event-loop threads serving the sessions. */
    public int loops() { return loopCount; }

    /** Returns the index of {@code sql} among the statements, for an operation to find its statement in each session. */
    public int indexOf(String sql) {
        for (int i = 0; i < statements.size(); i++) if (statements.get(i).sql().equals(sql)) return i;
        throw new IllegalArgumentException("statement not registered with the wire sessions: " + sql);
    }

    /** The user's open session, or null when it has none (first use, or its connection broke). */
    public Session get(int user) {
        return slots.getPlain(user) != null ? slots.get(user) : null;
    }

    /**
     * Opens a session for {@code user}: connects, authenticates and prepares every statement (blocking), then hands
     * the socket to the user's loop. Never call it on a loop's thread.
     *
     * @throws WireException when the server cannot be reached, refuses the login or rejects a statement
     */
    public Session open(int user) throws WireException {
        WireLoop loop = loop(user);
        if (loop.inLoop()) throw new IllegalStateException("a wire session is opened on a connect thread, not on its event loop");
        WireConnection c = WireConnection.open(settings);
        try {
            PreparedStatement[] ps = new PreparedStatement[statements.size()];
            for (int i = 0; i < ps.length; i++) ps[i] = c.prepare(statements.get(i).sql(), statements.get(i).types());
            PreparedStatement flush = canFlush ? c.prepare(FLUSH, List.of()) : null;
            CompletableFuture<LoopConnection> adopted = new CompletableFuture<>();
            loop.execute(() -> {
                try {
                    adopted.complete(loop.adopt(c, settings.address()));
                } catch (IOException e) {
                    adopted.completeExceptionally(e);
                }
            });
            Session s = new Session(c, ps, flush, loop, await(adopted, "hand the connection to its event loop"));
            slots.set(user, s);
            return s;
        } catch (WireException | RuntimeException e) {
            c.abort();
            throw e;
        }
    }

    /** Runs {@code task} (which may call {@link #open}) on a connect thread: for a user with no session. */
    public void connectThen(Runnable task) {
        ExecutorService c;
        synchronized (this) {
            if (connector == null) {
                AtomicInteger n = new AtomicInteger();
                connector = Executors.newCachedThreadPool(r -> {
                    Thread t = new Thread(r, "stampede-wire-connect-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
            }
            c = connector;
        }
        c.execute(task);
    }

    /**
     * Sends {@code statement}'s message (its values already set) on {@code session}; {@code reply} is told the result
     * on the session's loop. At once on the loop's thread; from another thread, through the loop's task queue.
     */
    public void send(Session session, PreparedStatement statement, WireReply reply, Object tag) {
        if (session.loop.inLoop()) session.socket.send(statement.buffer(), reply, tag);
        else session.loop.execute(() -> session.socket.send(statement.buffer(), reply, tag));
    }

    /** Forgets {@code session} of {@code user} (its connection broke): the user's next attempt opens another. */
    public void discard(int user, Session session) {
        slots.compareAndSet(user, session, null);
        session.loop.execute(() -> session.socket.abort(new WireException("08003", "the session was discarded")));
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
            CompletableFuture<WireException> flushed = new CompletableFuture<>();
            send(s, s.flush, (tag, rows, error) -> flushed.complete(error), null);
            WireException e = await(flushed, "flush the session's statistics");
            if (e != null) {
                if (s.connection.broken()) discard(u, s);
                throw e;
            }
            n++;
        }
        return n;
    }

    /** Closes every socket at once, from any thread: users waiting on a hung server are answered (08006) now. */
    public void abortAll() {
        for (int u = 0; u < slots.length(); u++) {
            Session s = slots.getAndSet(u, null);
            if (s != null) s.loop.execute(() -> s.socket.abort(new WireException("08006", "the connection to "
                    + settings.address() + " was aborted (the run is stopping)")));
        }
    }

    /** Sends Terminate on every session, closes it and stops the loops and connect threads; only while no attempt runs. */
    public void closeAll() {
        for (int u = 0; u < slots.length(); u++) {
            Session s = slots.getAndSet(u, null);
            if (s != null) s.loop.execute(s.socket::terminate);
        }
        WireLoop[] stopping;
        synchronized (this) {
            stopping = loops;
            loops = null;
            if (connector != null) connector.shutdownNow();
            connector = null;
        }
        if (stopping == null) return;
        for (WireLoop l : stopping) l.shutdown();
        try {
            for (WireLoop l : stopping) l.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** For the report: "wire driver ..., one connection per user (8), 2 event loops". */
    public String describe() {
        return "wire driver (Stampede's own protocol client), one connection per user (" + slots.length() + "), "
                + loopCount + (loopCount == 1 ? " event loop" : " event loops");
    }

    private synchronized WireLoop loop(int user) {
        if (loops == null) {
            loops = new WireLoop[loopCount];
            for (int i = 0; i < loopCount; i++) loops[i] = new WireLoop("stampede-wire-" + (i + 1));
        }
        return loops[user % loopCount];
    }

    private <T> T await(CompletableFuture<T> f, String what) throws WireException {
        try {
            return f.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new WireException("08006", "could not " + what + " (" + settings.address() + "): " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new WireException("08006", "could not " + what + " (" + settings.address() + ") within " + WAIT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WireException("08006", "interrupted while waiting to " + what, e);
        }
    }
}
