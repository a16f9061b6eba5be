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
import dev.stampede.http.client.HttpClient;
import dev.stampede.http.client.Origin;
import dev.stampede.http.client.Transport;
import dev.stampede.http.demo.DemoBackend;
import dev.stampede.http.demo.DemoServer;
import dev.stampede.http.persona.Persona;
import dev.stampede.http.persona.PersonaParser;
import dev.stampede.http.persona.PersonaWorkload;
import dev.stampede.http.report.HttpStats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A persona's {@code wait_time} through the engine against the demo server: the server's own request count shows the
 * users waited, and the client's latency shows the wait is not in it. Real time, so bounds are loose (the timing rules
 * themselves are tested on a virtual clock in core's OperationWaitTest).
 */
class PersonaWaitIT {
    static DemoServer server;
    static Transport transport;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = DemoServer.start(new DemoBackend(null, "unused", null, "stampede:"), 0, 2, 0, NanoClock.SYSTEM);
        transport = Transport.create(1, "test-http-io");
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (transport != null) transport.close();
    }

    private ScenarioRun run(String waitTime, int users, Duration duration) throws Exception {
        return run("""
                personas:
                  - name: waiter
                    wait_time: %s
                    on_start:
                      - name: first
                        request: {path: /live}
                    tasks:
                      - name: health
                        request: {path: /health}
                        check: {status: 200}
                """.formatted(waitTime), users, duration, new HttpStats());
    }

    private ScenarioRun run(String personaFile, int users, Duration duration, HttpStats stats) throws Exception {
        Path f = dir.resolve("p.yaml");
        Files.writeString(f, personaFile);
        List<Persona> personas = PersonaParser.file(f);
        ClientSettings d = ClientSettings.defaults();
        try (HttpClient c = new HttpClient(Origin.parse(server.baseUrl(), "test"), new ClientSettings(Duration.ofSeconds(5),
                Duration.ofSeconds(10), Duration.ofSeconds(20), 0, false, d.maxBodyBytes(), ClientSettings.Policy.PER_USER, 4), transport, false)) {
            PersonaWorkload w = new PersonaWorkload("http", personas, c, stats, NanoClock.SYSTEM);
            stats.recording(true);
            Engine engine = new Engine(NanoClock.SYSTEM, Engine.Settings.defaults(7));
            try {
                return engine.runScenario(new ScenarioPlan("t", "test", List.of(new PhasePlan("steady",
                                new LoadModel.Closed(users, Duration.ZERO, Duration.ZERO), duration, 0, true)), null),
                        w, List.of(), new RunControl(), ProgressListener.NONE);
            } finally {
                w.dropUsers();
            }
        }
    }

    @Test
    void constantWaitTimeSpacesTheTasksAndIsNotLatency() throws Exception {
        long before = server.requests();
        ScenarioRun r = run("constant(200ms)", 2, Duration.ofSeconds(2));
        long served = server.requests() - before;
        assertThat(served).isEqualTo(r.metrics().all().attempts());
        // per user: on_start, then a task at about 0, 0.2 .. 1.8 s: 11 requests; never thousands
        assertThat(served).isBetween(10L, 24L);
        assertThat(r.metrics().all().latency().p50Ms()).isLessThan(150.0);
    }

    private static String throttledPersona(String retryAfter, String mode) {
        return """
                personas:
                  - name: polite
                    %s
                    tasks:
                      - name: limited
                        request: {path: /api/echo, query: {text: x, retry_after: "%s"}}
                        check: {status: 200}
                """.formatted(mode, retryAfter);
    }

    private record Served(ScenarioRun run, long requests) {
    }

    /** Runs the persona file and counts the requests the server saw, which must be the engine's attempts. */
    private Served served(String personaFile, int users, Duration duration, HttpStats stats) throws Exception {
        long before = server.requests();
        ScenarioRun r = run(personaFile, users, duration, stats);
        long n = server.requests() - before;
        assertThat(n).as("requests the server counted").isEqualTo(r.metrics().all().attempts());
        return new Served(r, n);
    }

    @Test
    void honouredRetryAfterHoldsEachUserBackAsLongAsTheServerSaid() throws Exception {
        HttpStats stats = new HttpStats();
        Served s = served(throttledPersona("1", "retry_after: honour"), 2, Duration.ofMillis(2500), stats);
        ScenarioRun r = s.run();
        long served = s.requests();
        // every answer is a 429 with Retry-After: 1, so each user sends at about 0, 1 and 2 s: 6 requests, never hundreds
        assertThat(served).isBetween(4L, 8L);
        assertThat(r.metrics().all().failed()).isEqualTo(served);
        var e = stats.endpoints(2.5).get(0);
        assertThat(e.throttled()).isEqualTo(served);
        assertThat(e.honoured().waits()).as("one wait per throttled answer").isEqualTo(served);
        assertThat(e.honoured().waitedS()).isEqualTo(served * 1.0);
        assertThat(e.honoured().capped()).isZero();
        // the wait is not latency
        assertThat(r.metrics().all().latency().p50Ms()).isLessThan(500.0);
    }

    @Test
    void theCapShortensAServersLongRetryAfterAndIgnoringItDoesNotWaitAtAll() throws Exception {
        HttpStats stats = new HttpStats();
        long served = served(throttledPersona("3600", "retry_after: honour\n    retry_after_max: 400ms"), 1, Duration.ofSeconds(2), stats)
                .requests();
        // at about 0, 0.4, 0.8, 1.2, 1.6 s
        assertThat(served).isBetween(3L, 6L);
        var e = stats.endpoints(2).get(0);
        assertThat(e.honoured().capped()).isEqualTo(served);
        assertThat(e.honoured().waitedS()).isCloseTo(served * 0.4, org.assertj.core.data.Offset.offset(1e-9));

        HttpStats rude = new HttpStats();
        served = served(throttledPersona("1", "retry_after: ignore"), 1, Duration.ofSeconds(1), rude).requests();
        assertThat(served).as("no wait: as fast as the server answers").isGreaterThan(50L);
        assertThat(rude.endpoints(1).get(0).honoured()).isNull();
        assertThat(rude.endpoints(1).get(0).throttled()).isEqualTo(served);
    }

    @Test
    void constantPacingStartsATaskPerSlot() throws Exception {
        long before = server.requests();
        ScenarioRun r = run("{constant_pacing: 250ms}", 1, Duration.ofSeconds(2));
        long served = server.requests() - before;
        assertThat(served).isEqualTo(r.metrics().all().attempts());
        // on_start, then slots at 0, 0.25 .. 1.75 s
        assertThat(served).isBetween(7L, 10L);
        assertThat(r.metrics().all().latency().p50Ms()).isLessThan(200.0);
    }
}
