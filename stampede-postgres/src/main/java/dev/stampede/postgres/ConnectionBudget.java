package dev.stampede.postgres;

import java.util.Locale;

/**
 * How many connections a PostgreSQL server has left, read once before a run: {@code max_connections}
 * minus the slots reserved for superusers ({@code superuser_reserved_connections}) and, on PostgreSQL
 * 16+, for roles with {@code pg_use_reserved_connections} ({@code reserved_connections}), minus the
 * client backends already connected. Immutable.
 *
 * <p>Why: a pool larger than the free slots is not capped by anyone. HikariCP keeps asking, the server
 * answers "too many clients" (SQLSTATE 53300), the run measures a pool that never existed, and other
 * applications on the same server are locked out for its duration. {@link #check} makes that decision
 * explicit before the pool opens.
 *
 * @param server          host:port of the server, as shown to users (never a user or password)
 * @param maxConnections  the server's max_connections
 * @param superuserReserved superuser_reserved_connections
 * @param reserved        reserved_connections (0 before PostgreSQL 16)
 * @param inUse           client backends connected when the budget was read, on every database, the
 *                        reading connection itself not included
 */
public record ConnectionBudget(String server, int maxConnections, int superuserReserved, int reserved, int inUse) {

    /** Query that reads the four numbers; {@code reserved_connections} is NULL before PostgreSQL 16. */
    static final String SQL = "SELECT current_setting('max_connections')::int, "
            + "current_setting('superuser_reserved_connections')::int, "
            + "coalesce(current_setting('reserved_connections', true), '0')::int, "
            + "(SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid())::int";

    /** Slots an ordinary role may still take: max_connections minus both reservations minus those in use. */
    public int free() {
        return Math.max(0, maxConnections - superuserReserved - reserved - inUse);
    }

    /**
     * Slots that should stay free for everyone else after Stampede has connected: a tenth of
     * max_connections, at least 3. Leaving fewer is allowed but warned about.
     */
    public int headroom() {
        return Math.max(3, maxConnections / 10);
    }

    /** What {@link #check} decided. */
    public enum Verdict {
        /** The pool and the monitors fit and leave at least {@link #headroom()} slots free. */
        FITS,
        /** They fit but leave fewer than {@link #headroom()} slots to other clients. */
        WARNING,
        /** They would take every free slot or more; refused unless exhausting was explicitly allowed. */
        REFUSED,
        /** As REFUSED, but the caller allowed exhausting the server's connections; the run goes on. */
        ALLOWED_EXHAUST
    }

    /**
     * The decision and a message with the live numbers and the fix (null when the pool fits).
     *
     * @param leftForOthers free slots after Stampede's connections, negative when they do not fit at all
     */
    public record Check(Verdict verdict, int needed, int leftForOthers, String message) {
        /** True unless the run must not start. */
        public boolean mayRun() {
            return verdict != Verdict.REFUSED;
        }
    }

    /**
     * Decides whether a pool of {@code poolMax} connections plus {@code monitorConnections} fits.
     *
     * @param poolMax            the pool's maximum size ({@link PgTarget.Pool#max()} or the size about to be used)
     * @param monitorConnections Stampede's other connections that will be open during the run and were
     *                           not open when this budget was read (1 for database monitoring, 0 without
     *                           it or when its connection was already counted in {@link #inUse})
     * @param allowExhaust       true when the user explicitly accepted taking every free slot
     */
    public Check check(int poolMax, int monitorConnections, boolean allowExhaust) {
        int needed = poolMax + monitorConnections;
        int left = free() - needed;
        if (left >= headroom()) return new Check(Verdict.FITS, needed, left, null);
        int fitsPool = Math.max(0, free() - monitorConnections - headroom());
        String numbers = String.format(Locale.ROOT, "%s has max_connections = %d, %d reserved for superusers%s and %d "
                        + "in use, so %d are free; Stampede needs %d (pool maximum %d + %d monitoring)", server, maxConnections,
                superuserReserved, reserved > 0 ? ", " + reserved + " by reserved_connections" : "", inUse, free(), needed,
                poolMax, monitorConnections);
        String raise = String.format(Locale.ROOT, "raise max_connections (ALTER SYSTEM SET max_connections = %d; then restart "
                + "PostgreSQL)", maxConnections + needed - free() + headroom());
        if (left > 0) {
            return new Check(Verdict.WARNING, needed, left, String.format(Locale.ROOT, "connection budget is tight: %s, "
                    + "leaving %d for other clients (fewer than %d). Lower --connections or --pool-size to %d or less, or %s.",
                    numbers, left, headroom(), fitsPool, raise));
        }
        String what = left < 0 ? "the pool does not fit the server's free connections" : "the pool would take the server's last free connection";
        if (allowExhaust) {
            return new Check(Verdict.ALLOWED_EXHAUST, needed, left, String.format(Locale.ROOT, "%s (allowed by "
                    + "--allow-connection-exhaustion): %s; other clients will be refused while it runs%s.", what, numbers,
                    left < 0 ? " and the pool cannot open more than " + Math.max(0, free() - monitorConnections) + " connections" : ""));
        }
        String leaves = left == 0 ? "leaving none for other clients" : (-left) + " more than are free";
        return new Check(Verdict.REFUSED, needed, left, String.format(Locale.ROOT, "%s: %s, %s. "
                + "Lower --connections or --pool-size to %d or less, or %s, or pass --allow-connection-exhaustion to run anyway.",
                what, numbers, leaves, fitsPool, raise));
    }
}
