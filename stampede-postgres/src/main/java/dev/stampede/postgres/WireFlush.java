package dev.stampede.postgres;

import dev.stampede.postgres.wire.WireSessions;

import java.sql.SQLException;

/**
 * The wire driver's sessions as the scenario sees them: the statistics flush at the measured phase's edges, abort
 * and close. Same thread contract as {@link WireSessions}.
 */
final class WireFlush implements StatisticsFlush {
    private final WireSessions sessions;

    WireFlush(WireSessions sessions) {
        this.sessions = sessions;
    }

    @Override public int flushStatistics() throws SQLException { return sessions.flushStatistics(); }

    int size() { return sessions.size(); }

    void abortAll() { sessions.abortAll(); }

    void closeAll() { sessions.closeAll(); }
}
