package dev.stampede.redis.workload;

import dev.stampede.core.api.Monitor;
import dev.stampede.core.api.Operation;
import dev.stampede.core.api.AsyncOperation;
import dev.stampede.core.engine.Engine;
import dev.stampede.core.engine.LoadModel;
import dev.stampede.core.engine.ArrivalProcess;
import dev.stampede.core.engine.NanoClock;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.ProgressListener;
import dev.stampede.core.engine.RunControl;
import dev.stampede.core.engine.ScenarioPlan;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.metrics.OperationSummary;
import dev.stampede.redis.EmbeddedRedis;
import dev.stampede.redis.RedisConfig;
import dev.stampede.redis.RedisConnector;
import dev.stampede.redis.RedisUrl;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The raw-commands workload as {@link AsyncOperation}s through the real engine against a private embedded Redis:
 * no thread per user (a monitor counts the engine's {@code vu-} threads while the load runs), every attempt counted
 * once against Redis's own commandstats, pipelining, the open model, {@code redis.timeout} on a paused server, and a
 * stop whose abort closes the connections.
 */
class AsyncRawWorkloadIT {
    private static EmbeddedRedis server;
    private static RedisClient admin;
    private static StatefulRedisConnection<String, String> adminConn;

    @BeforeAll
    static void start() throws Exception {
        server = EmbeddedRedis.start();
        admin = RedisClient.create(server.url());
        adminConn = admin.connect();
    }

    @AfterAll
    static void stop() {
        if (adminConn != null) adminConn.close();
        if (admin != null) admin.shutdown();
        if (server != null) server.close();
    }

    private static RedisConfig config(int pipeline, Duration timeout) {
        Map<String, Double> weights = new LinkedHashMap<>();
        weights.put("GET", 1.0);
        weights.put("SET", 1.0);
        return new RedisConfig(server.url(), false, Duration.ofSeconds(60), "stampede-async-it:", 0, pipeline, 3, 1000, weights,
                RedisConfig.Popularity.UNIFORM, 0.99, 0.2, 0.8, RedisConfig.WriteMode.INVALIDATE, false, "game", timeout, false);
    }

    /** Calls of GET and SET in the server's commandstats. */
    private static long getSetCalls() {
        long n = 0;
        for (String line : adminConn.sync().info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_get:") || line.startsWith("cmdstat_set:")) {
                String calls = line.substring(line.indexOf("calls=") + 6);
                n += Long.parseLong(calls.substring(0, calls.indexOf(',')));
            }
        }
        return n;
    }

    /** Counts the engine's per-user threads at each sample: the asynchronous path has none. */
    private static final class UserThreads implements Monitor {
        final AtomicInteger maxSeen = new AtomicInteger();
        final AtomicInteger samples = new AtomicInteger();

        @Override public String name() { return "user-threads"; }

        @Override public Map<String, Double> sample() {
            int n = 0;
            for (Thread t : Thread.getAllStackTraces().keySet()) if (t.getName().startsWith("vu-") || t.getName().startsWith("arrival-")) n++;
            maxSeen.accumulateAndGet(n, Math::max);
            samples.incrementAndGet();
            return Map.of("threads", (double) n);
        }
    }

    private record Result(ScenarioRun run, long sent, long serverCalls) {
    }

    private Result run(RedisConfig c, LoadModel model, Duration duration, RunControl control, List<Monitor> monitors) throws Exception {
        try (RedisConnector connector = RedisConnector.create(RedisUrl.parse(c.url(), "test"), false, c.timeout());
             Connections conns = new Connections(connector.connect(8))) {
            CommandCounter counter = new CommandCounter();
            RawCommandsWorkload w = new RawCommandsWorkload(c, c.commands(), conns, counter, 8);
            try {
                for (Operation op : w.operations()) assertThat(op).isInstanceOf(AsyncOperation.class);
                control.onAbort(conns::close);
                long before = getSetCalls();
                counter.start();
                ScenarioRun r = new Engine(NanoClock.SYSTEM, Engine.Settings.defaults(7)).runScenario(new ScenarioPlan("async", "it",
                        List.of(new PhasePlan("steady", model, duration, 0, true)), null), w, monitors, control, ProgressListener.NONE);
                counter.stop();
                return new Result(r, counter.sent(), getSetCalls() - before);
            } finally {
                w.close();
            }
        }
    }

    @Test
    void closedUsersRunOnLettucesThreadsAndEveryCommandIsCountedOnceAgainstTheServer() throws Exception {
        for (int pipeline : new int[] {1, 16}) {
            UserThreads threads = new UserThreads();
            Result res = run(config(pipeline, Duration.ofSeconds(5)), new LoadModel.Closed(8, Duration.ZERO, Duration.ZERO),
                    Duration.ofSeconds(2), new RunControl(), List.of(threads));
            OperationSummary all = res.run().metrics().all();
            assertThat(all.attempts()).as("pipeline %d", pipeline).isGreaterThan(1000);
            assertThat(all.ok()).isEqualTo(all.attempts());
            assertThat(res.sent()).isEqualTo(all.attempts() * pipeline);
            assertThat(res.serverCalls()).isEqualTo(res.sent());
            assertThat(threads.samples.get()).isPositive();
            assertThat(threads.maxSeen.get()).isZero();
        }
    }

    @Test
    void openModelArrivalsAreServedWithinMaxInFlightAndCountedOnce() throws Exception {
        UserThreads threads = new UserThreads();
        Result res = run(config(1, Duration.ofSeconds(5)), new LoadModel.Open(2000, ArrivalProcess.POISSON, 8), Duration.ofSeconds(2),
                new RunControl(), List.of(threads));
        OperationSummary all = res.run().metrics().all();
        assertThat(all.ok()).isEqualTo(all.attempts());
        assertThat(all.attempts() + res.run().metrics().droppedArrivals()).isBetween(3500L, 4500L);
        assertThat(res.serverCalls()).isEqualTo(res.sent()).isEqualTo(all.attempts());
        assertThat(threads.maxSeen.get()).isZero();
    }

    @Test
    void aPausedServerTimesAttemptsOutAsUnknownAfterTheTimeout() throws Exception {
        RunControl control = new RunControl();
        Thread pauser = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(500);
                adminConn.sync().clientPause(1500);
            } catch (InterruptedException ignored) {
                // the test is over
            }
        });
        Result res = run(config(1, Duration.ofMillis(300)), new LoadModel.Closed(4, Duration.ZERO, Duration.ZERO), Duration.ofSeconds(3),
                control, List.of());
        pauser.join();
        OperationSummary all = res.run().metrics().all();
        assertThat(all.unknown()).isGreaterThanOrEqualTo(4); // each user's attempt during the pause, at least
        assertThat(all.errors()).anySatisfy(e -> assertThat(e.code()).isEqualTo("redis-timeout"));
        assertThat(all.ok() + all.failed() + all.unknown()).isEqualTo(all.attempts());
        assertThat(res.sent()).isEqualTo(all.attempts());
        // a timed-out reply still reaches the server once it resumes: the server counts every command sent
        assertThat(res.serverCalls()).isEqualTo(res.sent());
        // the attempts that timed out waited about the timeout (plus at most a tenth of it for the sweep)
        assertThat(all.latency().maxMs()).isBetween(250.0, 1000.0);
    }
}
