package dev.stampede.http;

import dev.stampede.core.engine.NanoClock;
import dev.stampede.http.client.ClientSettings;
import dev.stampede.http.client.Failure;
import dev.stampede.http.client.HttpClient;
import dev.stampede.http.client.Origin;
import dev.stampede.http.client.PreparedRequest;
import dev.stampede.http.client.Reply;
import dev.stampede.http.client.ReplyListener;
import dev.stampede.http.client.Transport;
import dev.stampede.http.demo.DemoBackend;
import dev.stampede.http.demo.DemoServer;
import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client against the reference stack's server on 127.0.0.1 (only its endpoints that need no database): keep-alive
 * reuse checked against the server's own request count, timeouts, refused connections, redirects, gzip, throttling.
 */
class HttpClientIT {
    static DemoServer server;
    static Transport transport;

    @BeforeAll
    static void start() throws Exception {
        server = DemoServer.start(new DemoBackend(null, "unused", null, "stampede:"), 0, 2, 0, NanoClock.SYSTEM);
        transport = Transport.create(2, "test-http-io");
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (transport != null) transport.close();
    }

    record Result(Reply reply, Failure failure, String message) {
    }

    static Result send(HttpClient c, HttpClient.Lane lane, PreparedRequest r) throws Exception {
        CompletableFuture<Result> f = new CompletableFuture<>();
        c.send(lane, r, new ReplyListener() {
            @Override public void reply(Reply reply) { f.complete(new Result(reply, null, null)); }

            @Override public void failed(Failure failure, String message, boolean sent, long in, long out) {
                f.complete(new Result(null, failure, message));
            }
        });
        return f.get(30, TimeUnit.SECONDS);
    }

    static ClientSettings settings(Duration firstByte, boolean gzip) {
        ClientSettings d = ClientSettings.defaults();
        // generous limits: the machine may be busy; only the timeout test relies on one firing
        return new ClientSettings(Duration.ofSeconds(5), firstByte, Duration.ofSeconds(20), 3, gzip, d.maxBodyBytes(), ClientSettings.Policy.PER_USER, 4);
    }

    @Test
    void keepAliveReusesOneConnectionAndEveryRequestReachesTheServer() throws Exception {
        try (HttpClient c = new HttpClient(Origin.parse(server.baseUrl(), "test"), settings(Duration.ofSeconds(10), true), transport, false)) {
            HttpClient.Lane lane = c.lane();
            long before = server.requests();
            for (int i = 0; i < 200; i++) {
                Result r = send(c, lane, PreparedRequest.get("/health"));
                assertThat(r.reply()).as(r.message()).isNotNull();
                assertThat(r.reply().status()).isEqualTo(200);
                assertThat(r.reply().bodyText()).contains("ok");
            }
            assertThat(server.requests() - before).isEqualTo(200);
            assertThat(c.connectionsOpened()).isEqualTo(1);
        }
    }

    @Test
    void sharedPoolNeverOpensMoreThanItsSize() throws Exception {
        ClientSettings s = new ClientSettings(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20), 0, false, 1 << 20,
                ClientSettings.Policy.SHARED, 3);
        try (HttpClient c = new HttpClient(Origin.parse(server.baseUrl(), "test"), s, transport, false)) {
            CompletableFuture<?>[] all = new CompletableFuture<?>[60];
            for (int i = 0; i < all.length; i++) {
                CompletableFuture<Integer> f = new CompletableFuture<>();
                all[i] = f;
                c.send(c.lane(), PreparedRequest.get("/api/slow"), new ReplyListener() {
                    @Override public void reply(Reply reply) { f.complete(reply.status()); }

                    @Override public void failed(Failure failure, String message, boolean sent, long in, long out) {
                        f.completeExceptionally(new AssertionError(failure + ": " + message));
                    }
                });
            }
            CompletableFuture.allOf(all).get(30, TimeUnit.SECONDS);
            assertThat(c.connectionsOpened()).isEqualTo(3);
        }
    }

    @Test
    void firstByteTimeoutEndsASlowRequest() throws Exception {
        try (HttpClient c = new HttpClient(Origin.parse(server.baseUrl(), "test"), settings(Duration.ofMillis(50), true), transport, false)) {
            Result r = send(c, c.lane(), PreparedRequest.get("/api/slow"));
            assertThat(r.failure()).isEqualTo(Failure.FIRST_BYTE_TIMEOUT);
            assertThat(r.message()).contains("50 ms");
            // the timed-out connection is closed, not reused with a response still due on it
            assertThat(c.connectionsOpened()).isEqualTo(1);
        }
    }

    @Test
    void refusedConnectionIsAConnectFailure() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (HttpClient c = new HttpClient(Origin.parse("http://127.0.0.1:" + port, "test"), settings(Duration.ofSeconds(1), true), transport, false)) {
            Result r = send(c, c.lane(), PreparedRequest.get("/"));
            assertThat(r.failure()).isEqualTo(Failure.CONNECT);
            assertThat(r.message()).contains("127.0.0.1:" + port);
            assertThat(c.connectFailures()).isEqualTo(1);
        }
    }

    @Test
    void followsSameOriginRedirectsAndDecompressesGzip() throws Exception {
        try (HttpClient c = new HttpClient(Origin.parse(server.baseUrl(), "test"), settings(Duration.ofSeconds(10), true), transport, false)) {
            HttpClient.Lane lane = c.lane();
            Result r = send(c, lane, PreparedRequest.get("/api/redirect"));
            assertThat(r.reply().status()).isEqualTo(200);
            assertThat(r.reply().redirects()).isEqualTo(1);
            String text = "x".repeat(3_000);
            Result g = send(c, lane, PreparedRequest.get("/api/echo?text=" + text));
            assertThat(g.reply().headers().get("Content-Encoding")).isNull(); // removed by the decompressor
            assertThat(g.reply().bodyText()).isEqualTo(text);
            // the text comes back twice, in header X-Echo (never compressed) and in the body: gzip makes the body tiny
            assertThat(g.reply().bytesIn()).as("compressed on the wire").isLessThan(2 * text.length());
        }
    }

    @Test
    void rapidUploadsAreThrottledWithRetryAfter() throws Exception {
        try (HttpClient c = new HttpClient(Origin.parse(server.baseUrl(), "test"), settings(Duration.ofSeconds(10), false), transport, false)) {
            HttpClient.Lane lane = c.lane();
            int ok = 0, throttled = 0;
            for (int i = 0; i < 150; i++) {
                Result r = send(c, lane, new PreparedRequest(HttpMethod.POST, "/api/upload", null, "data".getBytes()));
                assertThat(r.reply()).as(r.failure() + ": " + r.message()).isNotNull();
                if (r.reply().status() == 200) ok++;
                if (r.reply().status() == 429) {
                    throttled++;
                    assertThat(r.reply().headers().get("Retry-After")).matches("[1-9][0-9]*");
                }
            }
            assertThat(ok + throttled).isEqualTo(150);
            // 10 tokens, 5 per second: 150 requests in well under a few seconds cannot all pass
            assertThat(throttled).isGreaterThan(100);
            assertThat(ok).isGreaterThanOrEqualTo(10);
        }
    }
}
