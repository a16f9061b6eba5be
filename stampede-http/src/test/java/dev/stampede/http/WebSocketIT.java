package dev.stampede.http;

import dev.stampede.core.engine.Engine;
import dev.stampede.core.engine.LoadModel;
import dev.stampede.core.engine.NanoClock;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.ProgressListener;
import dev.stampede.core.engine.RunControl;
import dev.stampede.core.engine.ScenarioPlan;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.metrics.ErrorSummary;
import dev.stampede.core.metrics.OperationSummary;
import dev.stampede.http.client.ClientSettings;
import dev.stampede.http.client.HttpClient;
import dev.stampede.http.client.Origin;
import dev.stampede.http.client.Transport;
import dev.stampede.http.demo.DemoBackend;
import dev.stampede.http.demo.DemoServer;
import dev.stampede.http.demo.GameHub;
import dev.stampede.http.persona.Persona;
import dev.stampede.http.persona.PersonaParser;
import dev.stampede.http.persona.PersonaWorkload;
import dev.stampede.http.report.HttpStats;
import dev.stampede.http.report.WsReport;
import dev.stampede.http.report.WsStats;
import dev.stampede.http.ws.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WebSocket persona steps through the real engine against the reference server's game WebSocket on 127.0.0.1 (no
 * database needed): every message and handshake counted against the server's own counters, the built-in game
 * personas end to end (login token and cookie on the upgrade, join, moves, broadcasts), and the bad cases: a refused
 * handshake, an unreachable port, a server close with an unexpected code, an expect that times out.
 */
class WebSocketIT {
    static DemoServer server;
    static Transport transport;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = DemoServer.start(new DemoBackend(null, "unused", null, "stampede:"), 0, 2, 0, NanoClock.SYSTEM);
        transport = Transport.create(2, "test-ws-io");
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (transport != null) transport.close();
    }

    record Result(ScenarioRun run, WsStats stats, WsClient client) {
        OperationSummary op(String name) {
            return run.metrics().operations().stream().filter(o -> o.name().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no operation " + name + " in " + run.metrics().operations().stream().map(OperationSummary::name).toList()));
        }

        ErrorSummary error(String op) {
            List<ErrorSummary> e = op(op).errors();
            assertThat(e).as(op + " errors").isNotEmpty();
            return e.get(0);
        }
    }

    static ClientSettings settings() {
        ClientSettings d = ClientSettings.defaults();
        return new ClientSettings(Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(30), 3, true, d.maxBodyBytes(),
                ClientSettings.Policy.PER_USER, 4);
    }

    static void await(BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting until " + what);
            Thread.sleep(20);
        }
    }

    static Result run(String baseUrl, List<Persona> personas, int users, long iterations) throws Exception {
        Origin origin = Origin.parse(baseUrl, "test");
        WsStats stats = new WsStats();
        try (HttpClient http = new HttpClient(origin, settings(), transport, false);
             WsClient ws = new WsClient(origin, settings(), transport, stats)) {
            PersonaWorkload w = new PersonaWorkload("http-ws", personas, http, new HttpStats(), ws, stats, NanoClock.SYSTEM);
            stats.recording(true);
            ScenarioRun r = new Engine(NanoClock.SYSTEM, Engine.Settings.defaults(11)).runScenario(new ScenarioPlan("ws", "it",
                    List.of(new PhasePlan("steady", new LoadModel.Closed(users, Duration.ZERO, Duration.ZERO), null, iterations, true)), null),
                    w, List.of(), new RunControl(), ProgressListener.NONE);
            w.dropUsers();
            await(() -> ws.openNow() == 0 && server.games().openNow() == 0, "every WebSocket is closed on both ends");
            return new Result(r, stats, ws);
        }
    }

    private List<Persona> personas(String yaml) throws Exception {
        Path f = dir.resolve("p" + System.nanoTime() + ".yaml");
        Files.writeString(f, yaml);
        return PersonaParser.file(f);
    }

    @Test
    void gamePersonasCountEveryMessageAndHandshakeAsTheServerDoes() throws Exception {
        GameHub hub = server.games();
        long in0 = hub.framesIn(), out0 = hub.framesOut(), shakes0 = hub.handshakes(), moves0 = hub.moves();
        long goingAway0 = hub.clientCloseCodes().getOrDefault(1001, 0L);
        List<Persona> game = PersonaParser.resource(HttpScope.GAME_PERSONAS);
        // 5 users over weights 4:1: four players, one lobby user; 40 attempts each (3 on_start steps included for players)
        Result r = run(server.baseUrl(), game, 5, 40);

        assertThat(r.run().metrics().all().attempts()).isEqualTo(5 * 40);
        assertThat(r.run().metrics().all().failed() + r.run().metrics().all().unknown()).as(r.run().metrics().all().errors().toString()).isZero();
        // the server's own counts, against the client's
        assertThat(hub.handshakes() - shakes0).isEqualTo(r.client().opened()).isEqualTo(4);
        assertThat(hub.framesIn() - in0).as("messages the server received = messages the client wrote").isEqualTo(r.stats().messagesOutTotal());
        assertThat(hub.framesOut() - out0).as("messages the server wrote = messages the client read").isEqualTo(r.stats().messagesInTotal());
        assertThat(hub.moves() - moves0).as("server moves = the move step's attempts").isEqualTo(r.op("player:move").ok()).isPositive();
        long sends = r.op("player:on_start:join").attempts() + r.op("player:move").attempts() + r.op("player:ping").attempts();
        assertThat(r.stats().messagesOutTotal()).as("one message per send step").isEqualTo(sends);
        assertThat(hub.clientCloseCodes().getOrDefault(1001, 0L) - goingAway0).as("leaving users close with 1001").isEqualTo(4);

        WsReport rep = r.stats().report(10, 4);
        assertThat(rep.connectionsOpened()).isEqualTo(4);
        assertThat(rep.messagesOut()).isEqualTo(r.stats().messagesOutTotal());
        assertThat(rep.messagesIn()).isEqualTo(r.stats().messagesInTotal());
        assertThat(rep.closeCodes()).containsEntry("1001", 4L);
        WsReport.Step move = rep.steps().stream().filter(s -> s.operation().equals("player:move")).findFirst().orElseThrow();
        assertThat(move.attempts()).isEqualTo(r.op("player:move").attempts());
        assertThat(move.sent()).isEqualTo(move.attempts());
        assertThat(move.matched()).isEqualTo(move.attempts());
        // the round trip is the execution time; latency runs from the attempt's start and is never shorter
        assertThat(r.op("player:move").latency().maxMs()).isGreaterThanOrEqualTo(r.op("player:move").execution().maxMs());
    }

    @Test
    void aRefusedHandshakeIsItsOwnClassAndLaterStepsSayNoWebSocketIsOpen() throws Exception {
        Result r = run(server.baseUrl(), personas("""
                personas:
                  - name: p
                    on_start:
                      - name: connect
                        ws: {connect: /health}
                    tasks:
                      - name: ping
                        ws: {send: {json: {type: ping}}, expect: {json: {"$.type": pong}}}
                """), 1, 3);
        ErrorSummary e = r.error("on_start:connect");
        assertThat(e.code()).isEqualTo("ws-handshake");
        assertThat(e.sample()).contains("status 200 OK", "101 Switching Protocols", "/health");
        assertThat(r.error("ping").code()).isEqualTo("ws-not-open");
        assertThat(r.error("ping").sample()).contains("connect step");
        assertThat(r.stats().report(1, 0).handshakeFailures()).isEqualTo(1);
    }

    @Test
    void anUnreachablePortIsAConnectFailure() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Result r = run("http://127.0.0.1:" + port, personas("""
                personas:
                  - name: p
                    tasks:
                      - name: connect
                        ws: {connect: /ws/game}
                """), 1, 2);
        ErrorSummary e = r.error("connect");
        assertThat(e.code()).isEqualTo("http-connect");
        assertThat(e.sample()).contains("cannot connect", "127.0.0.1:" + port, "/ws/game");
    }

    @Test
    void anUnexpectedCloseCodeAndATimeoutAreTheirOwnClasses() throws Exception {
        Result r = run(server.baseUrl(), personas("""
                personas:
                  - name: p
                    on_start:
                      - name: connect
                        ws: {connect: /ws/game, expect: {json: {"$.type": welcome}}}
                      - name: quiet
                        ws: {expect: {json: {"$.type": never}}, timeout: 300ms}
                      - name: kicked
                        ws: {send: {json: {type: close, code: 4001}}, expect: {json: {"$.type": never}}}
                    tasks:
                      - name: after
                        ws: {send: "x"}
                """), 1, 4);
        assertThat(r.op("on_start:connect").ok()).isEqualTo(1);
        ErrorSummary t = r.error("on_start:quiet");
        assertThat(t.code()).isEqualTo("ws-timeout");
        assertThat(t.sample()).contains("$.type = 'never'", "300 ms");
        ErrorSummary k = r.error("on_start:kicked");
        assertThat(k.code()).isEqualTo("ws-closed");
        assertThat(k.sample()).contains("code 4001");
        assertThat(r.error("after").code()).isEqualTo("ws-not-open");
        assertThat(r.error("after").sample()).contains("code 4001");
        assertThat(r.stats().report(1, 0).closeCodes()).containsEntry("4001", 1L);
    }
}
