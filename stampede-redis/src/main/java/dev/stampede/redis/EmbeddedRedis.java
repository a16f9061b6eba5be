package dev.stampede.redis;

import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The embedded default: a throw-away redis-server on a free port of 127.0.0.1, without persistence (no RDB, no
 * AOF), stopped on {@link #close()} and, as a last resort, by embedded-redis's own shutdown hook on Ctrl-C. Uses
 * the redis-server bundled in embedded-redis (6.2.6), or the one on PATH when that one is newer. Not thread-safe.
 */
public final class EmbeddedRedis implements AutoCloseable {
    /** The version embedded-redis 1.4.3 bundles for Linux and macOS. */
    static final String BUNDLED = "6.2.6";
    private final RedisServer server;
    private final int port;
    private final String which;
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
    /**
     * On Ctrl-C the session still finishes the scenario, writes its reports and closes its targets; this hook gives it
     * that time (up to 15 s) and stops the server only if {@link #close()} never came, so no redis-server outlives us.
     */
    private final Thread lastResort = new Thread(() -> {
        try {
            if (!closed.await(15, TimeUnit.SECONDS)) stopQuietly();
        } catch (InterruptedException ex) {
            stopQuietly();
        }
    }, "stampede-embedded-redis-stop");

    private EmbeddedRedis(RedisServer server, int port, String which) {
        this.server = server;
        this.port = port;
        this.which = which;
    }

    /** Starts a server; takes well under a second. */
    public static EmbeddedRedis start() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String onPath = pathVersion();
        boolean usePath = onPath != null && newer(onPath, BUNDLED);
        var b = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                .setting("save \"\"").setting("appendonly no").setting("protected-mode yes")
                .setting("slowlog-log-slower-than 10000").onShutdownForceStop(false);
        if (usePath) b.executableProvider(ExecutableProvider.newExecutableInPath("redis-server"));
        RedisServer server = b.build();
        server.start();
        EmbeddedRedis e = new EmbeddedRedis(server, port, usePath ? "redis-server " + onPath + " from PATH (newer than the bundled "
                + BUNDLED + ")" : "the redis-server " + BUNDLED + " bundled with embedded-redis");
        Runtime.getRuntime().addShutdownHook(e.lastResort);
        return e;
    }

    /** The version of the redis-server on PATH, or null when there is none. */
    static String pathVersion() {
        try {
            Process p = new ProcessBuilder("redis-server", "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            Matcher m = Pattern.compile("v=(\\d+\\.\\d+\\.\\d+)").matcher(out);
            return m.find() ? m.group(1) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** True when dotted version {@code a} is newer than {@code b}. */
    static boolean newer(String a, String b) {
        String[] x = a.split("\\."), y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length ? Integer.parseInt(x[i]) : 0, q = i < y.length ? Integer.parseInt(y[i]) : 0;
            if (p != q) return p > q;
        }
        return false;
    }

    public int port() { return port; }

    public String url() { return "redis://127.0.0.1:" + port + "/0"; }

    /** Which binary runs: the bundled one or the newer one from PATH. */
    public String which() { return which; }

    @Override
    public void close() {
        stopQuietly();
        closed.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(lastResort);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already shutting down: the hook is running and sees the latch
        }
    }

    private void stopQuietly() {
        try {
            server.stop();
        } catch (IOException ignored) {
            // the process is gone or going; nothing was persisted
        }
    }
}
