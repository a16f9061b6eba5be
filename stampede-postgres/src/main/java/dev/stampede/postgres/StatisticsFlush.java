package dev.stampede.postgres;

import java.sql.SQLException;

/**
 * Something holding the load's sessions that can make each of them publish its pending statistics now
 * ({@code pg_stat_force_next_flush()}), so that a pg_stat_database reading right after includes all their work: the
 * HikariCP pool ({@link PgTarget.Pool}) or the wire driver's sessions. Call only while no attempt runs.
 */
public interface StatisticsFlush {
    /**
     * @return transactions the flush committed (one per session), or -1 when the server (before 15) cannot flush on demand
     */
    int flushStatistics() throws SQLException;
}
