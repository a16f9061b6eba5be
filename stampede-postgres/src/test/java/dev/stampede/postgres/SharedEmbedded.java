package dev.stampede.postgres;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.List;

/**
 * One embedded PostgreSQL (with pg_stat_statements) for every integration test class of this module that
 * asks for it with {@code @ExtendWith(SharedEmbedded.class)}: started on first use, stopped once JUnit has run
 * the last test (through the root store's closeable resource), so the module pays for one start, not one per
 * class. Each class keeps to its own schema. Thread-safety: test classes run one after another.
 */
public final class SharedEmbedded implements BeforeAllCallback {
    private static EmbeddedPostgres server;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(SharedEmbedded.class, k -> new Running(startServer()), Running.class);
    }

    private static synchronized EmbeddedPostgres startServer() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.start();
            } catch (java.io.IOException e) {
                throw new IllegalStateException("the shared embedded PostgreSQL did not start: " + e.getMessage(), e);
            }
        }
        return server;
    }

    /** The running server; call from {@code @BeforeAll} or later of a class extended with this. */
    public static synchronized EmbeddedPostgres server() {
        if (server == null) throw new IllegalStateException("annotate the test class with @ExtendWith(SharedEmbedded.class)");
        return server;
    }

    /** A target on the shared server with {@code schema} recreated empty and {@code setup} run in it. */
    public static PgTarget freshSchema(String schema, List<String> setup) throws Exception {
        PgTarget target = PgTarget.connect(DatabaseUrl.parse(server().url(), "embedded"), ItSupport.config(schema, Duration.ofSeconds(30)));
        try (java.sql.Connection c = target.open("it")) {
            try (java.sql.Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
            dev.stampede.postgres.workload.CustomWorkload.setup(c, new OwnSchema(schema), setup);
        }
        return target;
    }

    private record Running(EmbeddedPostgres pg) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            synchronized (SharedEmbedded.class) {
                pg.close();
                server = null;
            }
        }
    }
}
