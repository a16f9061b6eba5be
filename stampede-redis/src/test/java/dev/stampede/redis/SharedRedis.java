package dev.stampede.redis;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One embedded Redis for every test class of this module that uses it: started by the first, stopped when the
 * whole test run ends (JUnit closes the root store's resources).
 */
final class SharedRedis implements BeforeAllCallback {
    private static EmbeddedRedis server;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        get(context);
    }

    @SuppressWarnings("deprecation")
    static synchronized EmbeddedRedis get(ExtensionContext context) throws Exception {
        if (server == null) {
            server = EmbeddedRedis.start();
            context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put("stampede-embedded-redis",
                    (ExtensionContext.Store.CloseableResource) SharedRedis::stop);
        }
        return server;
    }

    static synchronized EmbeddedRedis server() {
        if (server == null) throw new IllegalStateException("annotate the test class with @ExtendWith(SharedRedis.class)");
        return server;
    }

    private static synchronized void stop() {
        if (server != null) server.close();
        server = null;
    }
}
