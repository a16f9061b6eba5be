package dev.stampede.postgres;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The embedded default: a throw-away PostgreSQL from zonky's Maven Central binaries, in a temporary
 * data directory that is removed on {@link #close()}. Durability is on (fsync, synchronous_commit,
 * full_page_writes) so numbers resemble a real server, pg_stat_statements is preloaded and I/O timing
 * (track_io_timing, track_wal_io_timing) is on.
 * Not thread-safe; start and close from one thread.
 */
public final class EmbeddedPostgres implements AutoCloseable {
    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg) {
        this.pg = pg;
    }

    /** Starts a server on a free local port; takes a few seconds (longer on the very first run, which unpacks the binaries). */
    public static EmbeddedPostgres start() throws IOException {
        var pg = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                .setServerConfig("pg_stat_statements.track", "top")
                .setServerConfig("track_io_timing", "on")
                .setServerConfig("track_wal_io_timing", "on") // commit (WAL flush) time beside statement time
                .setServerConfig("max_connections", "300")
                .setServerConfig("shared_buffers", "128MB")
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
        EmbeddedPostgres e = new EmbeddedPostgres(pg);
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        } catch (SQLException ex) {
            e.close();
            throw new IOException("the embedded PostgreSQL started but pg_stat_statements could not be enabled: " + ex.getMessage(), ex);
        }
        return e;
    }

    /** URL of the embedded server's {@code postgres} database (trust authentication, user postgres). */
    public String url() {
        return "postgresql://postgres@localhost:" + pg.getPort() + "/postgres";
    }

    public int port() {
        return pg.getPort();
    }

    @Override
    public void close() {
        try {
            pg.close();
        } catch (IOException ignored) {
            // the data directory is temporary; nothing to keep
        }
    }
}
