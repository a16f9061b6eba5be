package dev.stampede.http;

import dev.stampede.core.engine.Engine;
import dev.stampede.core.engine.LoadModel;
import dev.stampede.core.engine.NanoClock;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.ProgressListener;
import dev.stampede.core.engine.RunControl;
import dev.stampede.core.engine.ScenarioPlan;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.http.client.ClientSettings;
import dev.stampede.http.client.Failure;
import dev.stampede.http.client.HttpClient;
import dev.stampede.http.client.Origin;
import dev.stampede.http.client.PreparedRequest;
import dev.stampede.http.client.Reply;
import dev.stampede.http.client.Transport;
import dev.stampede.http.client.UploadBody;
import dev.stampede.http.demo.DemoBackend;
import dev.stampede.http.demo.DemoServer;
import dev.stampede.http.demo.SelfSignedTls;
import dev.stampede.http.persona.Persona;
import dev.stampede.http.persona.PersonaParser;
import dev.stampede.http.persona.PersonaWorkload;
import dev.stampede.http.report.HttpStats;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP/2 against the reference server, which counts requests per protocol itself (HTTP/1.1, h2 over TLS, h2c): prior
 * knowledge in cleartext, ALPN over TLS, and the fall back to HTTP/1.1 when only that is asked for.
 */
class Http2IT {
    static DemoServer plain;
    static DemoServer tls;
    static SelfSignedTls cert;
    static Transport transport;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        cert = SelfSignedTls.generate();
        plain = DemoServer.start(new DemoBackend(null, "unused", null, "stampede:"), 0, 2, 0, NanoClock.SYSTEM);
        tls = DemoServer.start(new DemoBackend(null, "unused", null, "stampede:"), 0, 2, 0, NanoClock.SYSTEM, cert);
        transport = Transport.create(2, "test-h2-io");
    }

    @AfterAll
    static void stop() {
        if (plain != null) plain.close();
        if (tls != null) tls.close();
        if (transport != null) transport.close();
        if (cert != null) cert.close();
    }

    static ClientSettings settings(ClientSettings.Protocol p, Path ca) {
        ClientSettings d = ClientSettings.defaults();
        return new ClientSettings(Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(30), 3, true, d.maxBodyBytes(),
                ClientSettings.Policy.PER_USER, 4).withTls(ca, false).withProtocol(p);
    }

    private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        return Map.of("HTTP/1.1", after.get("HTTP/1.1") - before.get("HTTP/1.1"), "h2", after.get("h2") - before.get("h2"),
                "h2c", after.get("h2c") - before.get("h2c"));
    }

    /** {@code n} GETs of /health on one user's connection; every reply must be 200 over {@code protocol}. */
    private static HttpClient gets(DemoServer server, ClientSettings s, int n, String protocol) throws Exception {
        HttpClient c = new HttpClient(Origin.parse(server.baseUrl(), "test"), s, transport, false);
        HttpClient.Lane lane = c.lane();
        for (int i = 0; i < n; i++) {
            HttpClientIT.Result r = HttpClientIT.send(c, lane, PreparedRequest.get("/health"));
            assertThat(r.reply()).as(r.message()).isNotNull();
            assertThat(r.reply().status()).isEqualTo(200);
            assertThat(r.reply().bodyText()).contains("ok");
            assertThat(r.reply().protocol()).as("request " + i).isEqualTo(protocol);
            assertThat(r.reply().headers().names()).noneMatch(h -> h.startsWith("x-http2"));
        }
        return c;
    }

    @Test
    void h2cWithPriorKnowledgeGoesOverHttp2() throws Exception {
        Map<String, Long> before = plain.requestsByProtocol();
        try (HttpClient c = gets(plain, settings(ClientSettings.Protocol.HTTP_2, null), 30, Reply.HTTP_2)) {
            assertThat(c.connectionsOpened()).isEqualTo(1);
        }
        assertThat(delta(before, plain.requestsByProtocol())).isEqualTo(Map.of("HTTP/1.1", 0L, "h2", 0L, "h2c", 30L));
    }

    @Test
    void alpnChoosesH2OverTlsAndHttp11StaysHttp11() throws Exception {
        Map<String, Long> before = tls.requestsByProtocol();
        try (HttpClient c = gets(tls, settings(ClientSettings.Protocol.HTTP_2, tls.caFile()), 20, Reply.HTTP_2)) {
            assertThat(c.connectionsOpened()).isEqualTo(1);
        }
        try (HttpClient c = gets(tls, settings(ClientSettings.Protocol.AUTO, tls.caFile()), 10, Reply.HTTP_2)) {
            assertThat(c.connectionsOpened()).isEqualTo(1);
        }
        try (HttpClient c = gets(tls, settings(ClientSettings.Protocol.HTTP_1_1, tls.caFile()), 5, Reply.HTTP_1_1)) {
            assertThat(c.connectionsOpened()).isEqualTo(1);
        }
        assertThat(delta(before, tls.requestsByProtocol())).isEqualTo(Map.of("HTTP/1.1", 5L, "h2", 30L, "h2c", 0L));
        TlsProbe.handshake(Origin.parse(tls.baseUrl(), "test"), settings(ClientSettings.Protocol.HTTP_2, tls.caFile()), transport);
    }

    @Test
    void bodiesRedirectsAndTheUploadLimitOverHttp2() throws Exception {
        try (HttpClient c = new HttpClient(Origin.parse(plain.baseUrl(), "test"), settings(ClientSettings.Protocol.HTTP_2, null), transport, false)) {
            HttpClient.Lane lane = c.lane();
            DefaultHttpHeaders h = new DefaultHttpHeaders();
            h.set("Content-Type", "application/json");
            HttpClientIT.Result login = HttpClientIT.send(c, lane, new PreparedRequest(HttpMethod.POST, "/api/login", h,
                    "{\"user\":\"u\"}".getBytes(StandardCharsets.UTF_8)));
            assertThat(login.reply()).as(login.message()).isNotNull();
            assertThat(login.reply().bodyText()).contains("token");
            assertThat(login.reply().headers().get("Set-Cookie")).startsWith("session=");
            HttpClientIT.Result redirect = HttpClientIT.send(c, lane, PreparedRequest.get("/api/redirect"));
            assertThat(redirect.reply()).as(redirect.message()).isNotNull();
            assertThat(redirect.reply().status()).isEqualTo(200);
            assertThat(redirect.reply().redirects()).isEqualTo(1);
            long bytesBefore = plain.uploadFileBytes().sum();
            HttpClientIT.Result up = HttpClientIT.send(c, lane, new PreparedRequest(HttpMethod.POST, "/api/files", null, null,
                    UploadBody.generated("file", "x.bin", "application/octet-stream", 1000)));
            assertThat(up.reply()).as(up.message()).isNotNull();
            assertThat(up.reply().status()).as(up.reply().bodyText()).isEqualTo(200);
            assertThat(up.reply().protocol()).isEqualTo(Reply.HTTP_2);
            assertThat(plain.uploadFileBytes().sum() - bytesBefore).as("file bytes the server counted").isEqualTo(1000);
            // the connection is still good after the upload's stream
            assertThat(HttpClientIT.send(c, lane, PreparedRequest.get("/live")).reply().protocol()).isEqualTo(Reply.HTTP_2);
            assertThat(c.connectionsOpened()).isEqualTo(1);
        }
    }

    /**
     * 64 MB over one HTTP/2 stream, cleartext and over TLS: the client sends only as the server's flow-control window
     * opens (64 KiB by default), so neither the heap nor Netty's direct memory holds more than a small part of it
     * (a writer that only watched the channel would queue it all in the encoder). The server counts the file bytes.
     */
    @Test
    void aLargeUploadOverHttp2IsPacedByTheStreamWindowNotQueuedInMemory() throws Exception {
        long size = 64L * 1000 * 1000;
        for (DemoServer server : new DemoServer[]{plain, tls}) {
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
            long bytesBefore = server.uploadFileBytes().sum();
            java.util.concurrent.atomic.AtomicLong directPeak = new java.util.concurrent.atomic.AtomicLong();
            System.gc();
            long heapBefore = usedHeap();
            java.util.concurrent.atomic.AtomicLong heapPeak = new java.util.concurrent.atomic.AtomicLong(heapBefore);
            Thread sampler = Thread.ofPlatform().daemon().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    heapPeak.accumulateAndGet(usedHeap(), Math::max);
                    if (io.netty.buffer.ByteBufAllocator.DEFAULT instanceof io.netty.buffer.ByteBufAllocatorMetricProvider p) {
                        directPeak.accumulateAndGet(p.metric().usedDirectMemory(), Math::max);
                    }
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            long allocatedBefore = threads.getTotalThreadAllocatedBytes();
            try (HttpClient c = new HttpClient(Origin.parse(server.baseUrl(), "test"),
                    settings(ClientSettings.Protocol.HTTP_2, server == tls ? tls.caFile() : null), transport, false)) {
                HttpClientIT.Result up = HttpClientIT.send(c, c.lane(), new PreparedRequest(HttpMethod.POST, "/api/files", null, null,
                        UploadBody.generated("file", "big.bin", "application/octet-stream", size)));
                assertThat(up.reply()).as(up.message()).isNotNull();
                assertThat(up.reply().status()).as(up.reply().bodyText()).isEqualTo(200);
                assertThat(up.reply().protocol()).isEqualTo(Reply.HTTP_2);
                assertThat(up.reply().bytesOut()).isGreaterThan(size);
            } finally {
                sampler.interrupt();
                sampler.join();
            }
            long allocated = threads.getTotalThreadAllocatedBytes() - allocatedBefore;
            System.out.printf("64 MB upload over %s: heap allocated %.1f MB (all threads), heap growth at most %.1f MB, direct memory at most %.1f MB%n",
                    server == tls ? "h2" : "h2c", allocated / 1e6, (heapPeak.get() - heapBefore) / 1e6, directPeak.get() / 1e6);
            assertThat(server.uploadFileBytes().sum() - bytesBefore).as("file bytes the server counted").isEqualTo(size);
            // over TLS the JDK's SSLEngine copies every record through short-lived heap arrays (client and server
            // here): allocation, not the body held; the heap's growth shows what is held
            if (server == plain) assertThat(allocated).as("heap allocated during the upload, all threads").isLessThan(size / 4);
            assertThat(heapPeak.get() - heapBefore).as("heap growth during the upload").isLessThan(size / 2);
            assertThat(directPeak.get()).as("Netty's default allocator: direct memory in use at most").isLessThan(size / 4);
        }
    }

    private static long usedHeap() {
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void personasOverH2cReportTheProtocolTheServerCounted() throws Exception {
        Path f = dir.resolve("p.yaml");
        Files.writeString(f, """
                personas:
                  - name: u
                    tasks:
                      - name: health
                        request: {path: /health}
                        check: {status: 200}
                """);
        List<Persona> personas = PersonaParser.file(f);
        Map<String, Long> before = plain.requestsByProtocol();
        HttpStats stats = new HttpStats();
        try (HttpClient c = new HttpClient(Origin.parse(plain.baseUrl(), "test"), settings(ClientSettings.Protocol.HTTP_2, null), transport, false)) {
            PersonaWorkload w = new PersonaWorkload("http", personas, c, stats, NanoClock.SYSTEM);
            stats.recording(true);
            ScenarioRun r = new Engine(NanoClock.SYSTEM, Engine.Settings.defaults(5)).runScenario(new ScenarioPlan("h2", "it",
                    List.of(new PhasePlan("steady", new LoadModel.Closed(4, Duration.ZERO, Duration.ZERO), null, 25, true)), null),
                    w, List.of(), new RunControl(), ProgressListener.NONE);
            w.dropUsers();
            assertThat(r.metrics().all().ok()).as(r.metrics().all().errors().toString()).isEqualTo(100);
        }
        assertThat(stats.protocols()).isEqualTo(Map.of("HTTP/2", 100L));
        assertThat(delta(before, plain.requestsByProtocol()).get("h2c")).isEqualTo(100L);
    }
}
