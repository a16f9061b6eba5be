package dev.stampede.http.demo;

import dev.stampede.core.config.ConfigException;
import dev.stampede.core.engine.NanoClock;

import java.io.PrintWriter;
import java.net.BindException;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./stampede demo}: starts the reference stack (embedded PostgreSQL and Redis, the API on 127.0.0.1) and serves
 * until the process is stopped (Ctrl-C), then stops all of it. The CLI reaches it by name (it knows targets only
 * through the contract), so this class and {@link #serve}'s signature are its stable entry point.
 */
public final class Demo {
    private Demo() {
    }

    /**
     * Serves until interrupted or the JVM shuts down.
     *
     * @param port      127.0.0.1 port, 0 for any free one
     * @param leakShare share of /api/leaky calls that leak a pooled connection
     * @param tls       the API speaks https and wss with a self-signed certificate made at start, whose PEM file is
     *                  printed (give it as {@code http.ca})
     * @return the exit code (0)
     */
    public static int serve(int port, double leakShare, boolean tls, PrintWriter out) throws Exception {
        if (leakShare < 0 || leakShare > 1) throw new ConfigException("--leak-share " + leakShare + " is not a share; give 0..1 (default 0.02)");
        out.println("Starting the reference stack: embedded PostgreSQL and Redis, then the API on 127.0.0.1:" + port + " ...");
        out.flush();
        ReferenceStack stack;
        try {
            stack = ReferenceStack.standalone(port, 16, leakShare, NanoClock.SYSTEM, tls);
        } catch (BindException e) {
            throw new ConfigException("port " + port + " on 127.0.0.1 is in use; pick another with --port (0: any free port)");
        } catch (io.netty.channel.unix.Errors.NativeIoException e) {
            throw new ConfigException("cannot listen on 127.0.0.1:" + port + " (" + e.getMessage() + "); pick another with --port");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stack.close();
            stopped.countDown();
        }, "stampede-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("Reference stack ready: " + stack.baseUrl());
        if (tls) out.println("  TLS with a self-signed certificate for 127.0.0.1; trust it with http.ca: " + stack.caFile());
        out.println("  GET  /health /live /ready");
        out.println("  POST /api/login                       bearer token + session cookie");
        out.println("  GET  /api/games?limit=N               PostgreSQL");
        out.println("  POST /api/sessions  GET /api/sessions  GET|DELETE /api/sessions/ID");
        out.println("  GET  /api/financial/summary           cached in Redis for 5 s");
        out.println("  POST /api/upload                      multipart, streamed; token bucket 10 + 2/s: 429 with Retry-After");
        out.println("  POST /api/files                       multipart, streamed, no limit");
        out.println("  GET  /api/slow                        200 ms");
        out.println("  GET  /api/leaky                       leaks a pooled connection on " + leakShare + " of calls");
        out.println("  WS   /ws/game                         game WebSocket: join, move, state broadcasts (docs/http.md)");
        out.println("Load it: API_BASE_URL=" + stack.baseUrl() + " ./stampede run --scenarios http-level-quick"
                + (tls ? " --set http.ca=" + stack.caFile() : "") + "   (Ctrl-C stops the stack)");
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Runtime.getRuntime().removeShutdownHook(hook);
            stack.close();
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
