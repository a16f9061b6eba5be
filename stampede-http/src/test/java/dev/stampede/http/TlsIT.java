package dev.stampede.http;

import dev.stampede.core.config.ConfigException;
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
import dev.stampede.http.client.Transport;
import dev.stampede.http.client.UploadBody;
import dev.stampede.http.demo.DemoBackend;
import dev.stampede.http.demo.DemoServer;
import dev.stampede.http.demo.SelfSignedTls;
import dev.stampede.http.persona.Persona;
import dev.stampede.http.persona.PersonaParser;
import dev.stampede.http.persona.PersonaWorkload;
import dev.stampede.http.report.HttpStats;
import dev.stampede.http.report.WsStats;
import dev.stampede.http.ws.WsClient;
import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * https and wss against the reference server with a self-signed certificate made by keytool at start: trusted through
 * http.ca (its PEM) or the insecure flag, refused otherwise with the fix in the message; uploads and WebSockets over
 * the same TLS, counted by the server itself.
 */
class TlsIT {
    static SelfSignedTls cert;
    static DemoServer tlsServer;
    static DemoServer plainServer;
    static Transport transport;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        cert = SelfSignedTls.generate();
        tlsServer = DemoServer.start(new DemoBackend(null, "unused", null, "stampede:"), 0, 2, 0, NanoClock.SYSTEM, cert);
        plainServer = DemoServer.start(new DemoBackend(null, "unused", null, "stampede:"), 0, 2, 0, NanoClock.SYSTEM);
        transport = Transport.create(2, "test-tls-io");
    }

    @AfterAll
    static void stop() {
        if (tlsServer != null) tlsServer.close();
        if (plainServer != null) plainServer.close();
        if (transport != null) transport.close();
        if (cert != null) cert.close();
    }

    static ClientSettings settings(Path ca, boolean insecure) {
        ClientSettings d = ClientSettings.defaults();
        return new ClientSettings(Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(30), 3, true, d.maxBodyBytes(),
                ClientSettings.Policy.PER_USER, 4).withTls(ca, insecure);
    }

    @Test
    void theCaFileTrustsTheServerAndKeepAliveHoldsOverTls() throws Exception {
        assertThat(tlsServer.baseUrl()).startsWith("https://127.0.0.1:");
        assertThat(Files.readString(tlsServer.caFile())).contains("-----BEGIN CERTIFICATE-----");
        try (HttpClient c = new HttpClient(Origin.parse(tlsServer.baseUrl(), "test"), settings(tlsServer.caFile(), false), transport, false)) {
            HttpClient.Lane lane = c.lane();
            long before = tlsServer.requests();
            for (int i = 0; i < 20; i++) {
                HttpClientIT.Result r = HttpClientIT.send(c, lane, PreparedRequest.get("/health"));
                assertThat(r.reply()).as(r.message()).isNotNull();
                assertThat(r.reply().status()).isEqualTo(200);
            }
            assertThat(tlsServer.requests() - before).isEqualTo(20);
            assertThat(c.connectionsOpened()).isEqualTo(1);
            assertThat(c.tlsFailures()).isZero();
        }
    }

    @Test
    void theInsecureFlagSkipsTheCheck() throws Exception {
        try (HttpClient c = new HttpClient(Origin.parse(tlsServer.baseUrl(), "test"), settings(null, true), transport, false)) {
            HttpClientIT.Result r = HttpClientIT.send(c, c.lane(), PreparedRequest.get("/live"));
            assertThat(r.reply()).as(r.message()).isNotNull();
            assertThat(r.reply().status()).isEqualTo(200);
        }
    }

    @Test
    void anUntrustedCertificateFailsWithTheFix() throws Exception {
        long before = tlsServer.requests();
        try (HttpClient c = new HttpClient(Origin.parse(tlsServer.baseUrl(), "test"), settings(null, false), transport, false)) {
            HttpClientIT.Result r = HttpClientIT.send(c, c.lane(), PreparedRequest.get("/health"));
            assertThat(r.failure()).isEqualTo(Failure.TLS);
            assertThat(r.message()).contains("not trusted").contains("http.ca").contains("http.insecure");
            assertThat(c.tlsFailures()).isEqualTo(1);
        }
        assertThat(tlsServer.requests()).isEqualTo(before);
        // before any load: the probe turns it into a configuration error (exit 2)
        assertThatThrownBy(() -> TlsProbe.handshake(Origin.parse(tlsServer.baseUrl(), "test"), settings(null, false), transport))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not trusted").hasMessageContaining("http.ca")
                .hasMessageContaining("http.insecure");
        TlsProbe.handshake(Origin.parse(tlsServer.baseUrl(), "test"), settings(tlsServer.caFile(), false), transport);
    }

    @Test
    void aCaThatDidNotSignTheCertificateIsRefusedToo() throws Exception {
        try (SelfSignedTls other = SelfSignedTls.generate()) {
            assertThatThrownBy(() -> TlsProbe.handshake(Origin.parse(tlsServer.baseUrl(), "test"), settings(other.caFile(), false), transport))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("did not sign it");
        }
    }

    @Test
    void httpsToAPlainServerSaysItDoesNotSpeakTls() {
        String url = "https://127.0.0.1:" + plainServer.port();
        assertThatThrownBy(() -> TlsProbe.handshake(Origin.parse(url, "test"), settings(null, true), transport))
                .isInstanceOf(ConfigException.class).hasMessageContaining("speaks TLS");
    }

    @Test
    void uploadsStreamOverTls() throws Exception {
        long size = 5L * 1024 * 1024 + 1;
        long before = tlsServer.uploadFileBytes().sum();
        try (HttpClient c = new HttpClient(Origin.parse(tlsServer.baseUrl(), "test"), settings(tlsServer.caFile(), false), transport, false)) {
            HttpClientIT.Result r = HttpClientIT.send(c, c.lane(), new PreparedRequest(HttpMethod.POST, "/api/files", null, null,
                    UploadBody.generated("file", "t.bin", "application/octet-stream", size)));
            assertThat(r.reply()).as(r.message()).isNotNull();
            assertThat(r.reply().status()).isEqualTo(200);
        }
        assertThat(tlsServer.uploadFileBytes().sum() - before).isEqualTo(size);
    }

    @Test
    void webSocketsGoOverWssWithTheSameTrust() throws Exception {
        Path f = dir.resolve("ws.yaml");
        Files.writeString(f, """
                personas:
                  - name: player
                    on_start:
                      - name: connect
                        ws: {connect: /ws/game, query: {player: "p-${vu}"}, expect: {json: {"$.type": welcome}}}
                    tasks:
                      - name: ping
                        ws: {send: {json: {type: ping}}, expect: {json: {"$.type": pong}}}
                """);
        List<Persona> personas = PersonaParser.file(f);
        Origin origin = Origin.parse(tlsServer.baseUrl(), "test");
        long shakes = tlsServer.games().handshakes();
        WsStats stats = new WsStats();
        try (HttpClient http = new HttpClient(origin, settings(tlsServer.caFile(), false), transport, false);
             WsClient ws = new WsClient(origin, settings(tlsServer.caFile(), false), transport, stats)) {
            assertThat(ws.uri("/ws/game").toString()).startsWith("wss://127.0.0.1:");
            PersonaWorkload w = new PersonaWorkload("http-ws", personas, http, new HttpStats(), ws, stats, NanoClock.SYSTEM);
            ScenarioRun r = new Engine(NanoClock.SYSTEM, Engine.Settings.defaults(3)).runScenario(new ScenarioPlan("wss", "it",
                    List.of(new PhasePlan("steady", new LoadModel.Closed(3, Duration.ZERO, Duration.ZERO), null, 10, true)), null),
                    w, List.of(), new RunControl(), ProgressListener.NONE);
            w.dropUsers();
            assertThat(r.metrics().all().attempts()).isEqualTo(30);
            assertThat(r.metrics().all().ok()).as(r.metrics().all().errors().toString()).isEqualTo(30);
            assertThat(tlsServer.games().handshakes() - shakes).isEqualTo(3);
        }
    }

    @Test
    void wssWithoutTrustIsATlsFailure() throws Exception {
        Path f = dir.resolve("ws2.yaml");
        Files.writeString(f, """
                personas:
                  - name: player
                    tasks:
                      - name: connect
                        ws: {connect: /ws/game}
                """);
        List<Persona> personas = PersonaParser.file(f);
        Origin origin = Origin.parse(tlsServer.baseUrl(), "test");
        WsStats stats = new WsStats();
        try (HttpClient http = new HttpClient(origin, settings(null, false), transport, false);
             WsClient ws = new WsClient(origin, settings(null, false), transport, stats)) {
            PersonaWorkload w = new PersonaWorkload("http-ws", personas, http, new HttpStats(), ws, stats, NanoClock.SYSTEM);
            ScenarioRun r = new Engine(NanoClock.SYSTEM, Engine.Settings.defaults(3)).runScenario(new ScenarioPlan("wss", "it",
                    List.of(new PhasePlan("steady", new LoadModel.Closed(1, Duration.ZERO, Duration.ZERO), null, 2, true)), null),
                    w, List.of(), new RunControl(), ProgressListener.NONE);
            w.dropUsers();
            assertThat(r.metrics().all().ok()).isZero();
            assertThat(r.metrics().all().errors().toString()).contains("http-tls");
        }
    }
}
