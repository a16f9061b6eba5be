package dev.stampede.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampede.redis.RedisConnector;
import dev.stampede.redis.RedisUrl;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Celery target through the CLI with real workers (Debian's python3 -m celery and Stampede's probe tasks): the
 * suite on the embedded default, then the Redis service on 6379 (database 10, every key under
 * {@code stampede-it-celery:} or a result key of this run's tasks) and RabbitMQ on 5672 (guest/guest, queues named
 * {@code stampede-it-celery-*}, deleted by the test). Counts are checked against independent sources: the probe's
 * instructions (failure rate, 3 retries per task), the result backend's states (Stampede's cross-check) and the
 * broker's queue length. Every worker a test starts is stopped.
 */
class CeleryRunIT {
    static final String REDIS = "redis://127.0.0.1:6379/10";
    static final String PREFIX = "stampede-it-celery:";
    static final long PID = ProcessHandle.current().pid();
    static final ObjectMapper JSON = new ObjectMapper();
    static RedisConnector connector;
    static StatefulConnection<String, String> connection;
    static RedisClusterCommands<String, String> redis;

    @BeforeAll
    static void connect() {
        connector = RedisConnector.create(RedisUrl.parse(REDIS, "test"), false, Duration.ofSeconds(5));
        connection = connector.connect();
        redis = RedisConnector.sync(connection);
    }

    @AfterAll
    static void cleanOwnKeys() {
        if (redis != null) clean(PREFIX + "*");
        if (connection != null) connection.close();
        if (connector != null) connector.close();
    }

    static long clean(String pattern) {
        long n = 0;
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> c = redis.scan(cursor, ScanArgs.Builder.matches(pattern).limit(1000));
            if (!c.getKeys().isEmpty()) n += redis.unlink(c.getKeys().toArray(String[]::new));
            cursor = c;
        } while (!cursor.isFinished());
        return n;
    }

    static long count(String pattern) {
        long n = 0;
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> c = redis.scan(cursor, ScanArgs.Builder.matches(pattern).limit(1000));
            n += c.getKeys().size();
            cursor = c;
        } while (!cursor.isFinished());
        return n;
    }

    static Map<String, JsonNode> celerySections(Path dir) throws Exception {
        JsonNode report = JSON.readTree(dir.resolve("report.json").toFile());
        Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
        for (JsonNode s : report.get("scenarios")) {
            JsonNode c = s.path("extras").path("celery");
            if (!c.isMissingNode()) out.put(s.get("name").asText(), c);
        }
        return out;
    }

    static void assertWorkerStopped(String out) {
        Matcher m = Pattern.compile("Started a local Celery worker \\(pid (\\d+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        long pid = Long.parseLong(m.group(1));
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("worker pid " + pid + " still running").isFalse();
    }

    static Path config(Path dir, String yaml) throws Exception {
        Path c = dir.resolve("stampede.yaml");
        Files.writeString(c, yaml);
        return c;
    }

    @Test
    void suiteOnTheEmbeddedDefaultWithALocalWorker(@TempDir Path dir) throws Exception {
        long t0 = System.nanoTime();
        Cli r = Cli.run(Map.of(), "run", "--scenarios", "celery", "--time-scale", "0.1", "--output", dir.toString());
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(r.code()).as(r.all()).isIn(0, 1);
        assertThat(seconds).as("the suite at --time-scale 0.1").isLessThan(90);
        assertThat(r.out()).contains("No CELERY_BROKER_URL set: started an embedded Redis");
        assertThat(r.all()).doesNotContain("Exception");
        assertWorkerStopped(r.out());
        Map<String, JsonNode> c = celerySections(dir);
        assertThat(c.keySet()).containsExactly("celery-submit-rate", "celery-completion", "celery-failures", "celery-retries", "celery-overload");

        JsonNode submit = c.get("celery-submit-rate").get("all");
        assertThat(submit.get("submitted").asLong()).isPositive();
        assertThat(c.get("celery-submit-rate").get("cross_check").asText()).contains("as many as the broker acknowledged");

        JsonNode done = c.get("celery-completion").get("all");
        assertThat(done.get("succeeded").asLong()).isPositive();
        assertThat(done.get("succeeded").asLong() + done.get("failed").asLong() + done.get("unknown").asLong())
                .isEqualTo(done.get("submitted").asLong());
        for (String k : List.of("publish_latency", "end_to_end", "queue_wait", "run_time", "result_delivery")) {
            assertThat(done.get(k).get("p99_ms").asDouble()).as(k).isGreaterThanOrEqualTo(0);
        }
        assertThat(c.get("celery-completion").get("cross_check").asText()).contains("the result backend holds the same number");
        assertThat(c.get("celery-completion").get("queue_length_series").size()).isPositive();

        JsonNode fail = c.get("celery-failures").get("all");
        double rate = fail.get("failed").asDouble() / fail.get("succeeded").asLong() + fail.get("failed").asLong() > 0
                ? fail.get("failed").asDouble() / (fail.get("succeeded").asLong() + fail.get("failed").asLong()) : -1;
        long n = fail.get("succeeded").asLong() + fail.get("failed").asLong();
        assertThat(n).isGreaterThan(50);
        assertThat(Math.abs(rate - 0.2)).isLessThanOrEqualTo(Math.max(0.03, 4 * Math.sqrt(0.16 / n)));
        assertThat(fail.get("failures_by_type").get("ProbeFailure").asLong()).isEqualTo(fail.get("failed").asLong());

        JsonNode retry = c.get("celery-retries").get("all");
        assertThat(retry.get("succeeded").asLong()).isPositive();
        assertThat(retry.get("retries").asLong()).isEqualTo(3 * retry.get("succeeded").asLong());

        JsonNode over = c.get("celery-overload");
        assertThat(over.get("max_queue_length").asLong()).isGreaterThan(20);
        assertThat(over.get("drain_seconds").isNull()).as("drained").isFalse();
        assertThat(Files.readString(dir.resolve("report.md"))).contains("### Celery").contains("Cross-check");
        assertThat(Files.readString(dir.resolve("report.html"))).contains("Celery");
        assertThat(dir.resolve("celery.csv")).exists();
    }

    @Test
    void redisServiceQueueRisesUnderOverloadAndDrainsAndPartsAddUp(@TempDir Path dir) throws Exception {
        String queue = "stampede-it-celery-cli-" + PID;
        Path cfg = config(dir, "celery:\n  queue: " + queue + "\n  global_keyprefix: \"" + PREFIX + "\"\n  worker: local\n");
        try {
            Cli r = Cli.run(Map.of("CELERY_BROKER_URL", REDIS), "run", "--scenarios", "celery-completion", "celery-overload", "--time-scale",
                    "0.1", "--config", cfg.toString(), "--output", dir.resolve("out").toString());
            assertThat(r.code()).as(r.all()).isIn(0, 1);
            assertThat(r.out()).contains("Celery: broker redis://127.0.0.1:6379/10");
            assertWorkerStopped(r.out());
            Map<String, JsonNode> c = celerySections(dir.resolve("out"));
            JsonNode done = c.get("celery-completion").get("all");
            assertThat(done.get("split_tasks").asLong()).isEqualTo(done.get("succeeded").asLong()).isPositive();
            // queue wait + run time + result delivery = end to end, per task, within the clocks' microsecond resolution
            assertThat(Math.abs(done.get("split_residual_us").asDouble())).isLessThanOrEqualTo(2.0);
            double sumOfMeans = done.get("queue_wait").get("mean_ms").asDouble() + done.get("run_time").get("mean_ms").asDouble()
                    + done.get("result_delivery").get("mean_ms").asDouble();
            // the histograms keep 3 significant digits, so their means agree to about 0.1 % of the value each
            double e2eMean = done.get("end_to_end").get("mean_ms").asDouble();
            assertThat(Math.abs(sumOfMeans - e2eMean)).as("%s", done).isLessThanOrEqualTo(Math.max(0.05, 0.003 * e2eMean));
            JsonNode over = c.get("celery-overload");
            assertThat(over.get("growth_per_second").asDouble()).isPositive();
            assertThat(over.get("max_queue_length").asLong()).isGreaterThan(20);
            assertThat(over.get("drain_seconds").isNull()).isFalse();
            // the broker's own series: it rose and came back to zero
            JsonNode series = over.get("queue_length_series");
            assertThat(series.get(series.size() - 1).get(1).asLong()).isZero();
            assertThat(over.get("all").get("succeeded").asLong() + over.get("all").get("failed").asLong())
                    .isEqualTo(over.get("all").get("submitted").asLong());
            // Stampede removed this run's result keys; its queue is empty
            assertThat(count("celery-task-meta-*")).isZero();
            assertThat(redis.llen(PREFIX + queue)).isZero();
        } finally {
            clean(PREFIX + "*");
        }
    }

    @Test
    void rabbitMqBrokerWithRedisResults(@TempDir Path dir) throws Exception {
        String queue = "stampede-it-celery-amqp-" + PID;
        Path cfg = config(dir, "celery:\n  queue: " + queue + "\n  worker: local\n");
        try {
            Cli r = Cli.run(Map.of("CELERY_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//", "CELERY_RESULT_BACKEND", REDIS), "run",
                    "--scenarios", "celery-completion", "celery-retries", "--time-scale", "0.1", "--config", cfg.toString(), "--output",
                    dir.resolve("out").toString());
            assertThat(r.code()).as(r.all()).isIn(0, 1);
            assertThat(r.all()).doesNotContain("guest:guest");
            assertWorkerStopped(r.out());
            Map<String, JsonNode> c = celerySections(dir.resolve("out"));
            JsonNode done = c.get("celery-completion").get("all");
            assertThat(done.get("succeeded").asLong()).isPositive();
            assertThat(c.get("celery-completion").get("cross_check").asText()).contains("the same number");
            JsonNode retry = c.get("celery-retries").get("all");
            assertThat(retry.get("retries").asLong()).isEqualTo(3 * retry.get("succeeded").asLong()).isPositive();
            assertThat(count("celery-task-meta-*")).isZero();
        } finally {
            deleteAmqpQueue(queue);
        }
    }

    /** Deletes the queue (and its same-named direct exchange) the test's worker declared on RabbitMQ. */
    static void deleteAmqpQueue(String queue) throws Exception {
        com.rabbitmq.client.ConnectionFactory f = new com.rabbitmq.client.ConnectionFactory();
        f.setHost("127.0.0.1");
        try (var conn = f.newConnection(); var ch = conn.createChannel()) {
            ch.queueDelete(queue);
            ch.exchangeDelete(queue);
        }
    }

    @Test
    void unreachableBrokerAndWrongCredentialsAreOneClearMessageEach(@TempDir Path dir) {
        Cli down = Cli.run(Map.of("CELERY_BROKER_URL", "redis://127.0.0.1:1/0"), "run", "--scenarios", "celery-completion", "--time-scale",
                "0.1", "--output", dir.resolve("a").toString());
        assertThat(down.code()).as(down.all()).isEqualTo(ExitCodes.TARGET_UNREACHABLE);
        assertThat(down.all()).contains("127.0.0.1:1").doesNotContain("\tat ");
        Cli creds = Cli.run(Map.of("CELERY_BROKER_URL", "amqp://guest:wrong-pass-42@127.0.0.1:5672//", "CELERY_RESULT_BACKEND", REDIS),
                "run", "--scenarios", "celery-completion", "--time-scale", "0.1", "--output", dir.resolve("b").toString());
        assertThat(creds.code()).as(creds.all()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(creds.all()).contains("refused the credentials").doesNotContain("wrong-pass-42").doesNotContain("\tat ");
    }

    @Test
    void aQueueWithoutConsumerIsNamedWithinSecondsAndTheReportIsWritten(@TempDir Path dir) throws Exception {
        String queue = "stampede-it-celery-nobody-" + PID;
        Path cfg = config(dir, "celery:\n  queue: " + queue + "\n  global_keyprefix: \"" + PREFIX + "\"\n  worker: none\n  consumer_timeout: 3s\n");
        try {
            long t0 = System.nanoTime();
            Cli r = Cli.run(Map.of("CELERY_BROKER_URL", REDIS), "run", "--scenarios", "celery-completion", "--config", cfg.toString(),
                    "--output", dir.resolve("out").toString());
            assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.TARGET_UNREACHABLE);
            assertThat((System.nanoTime() - t0) / 1e9).isLessThan(25);
            assertThat(r.all()).contains("no worker consumes queue '" + queue + "'").contains("celery -A yourapp worker -Q " + queue);
            assertThat(dir.resolve("out").resolve("report.json")).exists();
            assertThat(count("celery-task-meta-*")).isZero();
        } finally {
            clean(PREFIX + "*");
        }
    }

    @Test
    void unregisteredTaskIsBadInputNamedAsNotRegistered(@TempDir Path dir) throws Exception {
        String queue = "stampede-it-celery-unreg-" + PID;
        Path cfg = config(dir, "celery:\n  queue: " + queue + "\n  global_keyprefix: \"" + PREFIX + "\"\n  worker: local\n"
                + "  tasks:\n    myapp.no_such_task: {kwargs: {x: 1}}\nworkload:\n  type: celery\nscenarios:\n  unreg:\n    connections: 4\n"
                + "    duration: 8s\n");
        try {
            Cli r = Cli.run(Map.of("CELERY_BROKER_URL", REDIS), "run", "--scenarios", "unreg", "--config", cfg.toString(), "--output",
                    dir.resolve("out").toString());
            assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(r.all()).contains("NotRegistered").contains("myapp.no_such_task").doesNotContain("\tat ");
            assertWorkerStopped(r.out());
            assertThat(dir.resolve("out").resolve("report.json")).exists();
        } finally {
            clean(PREFIX + "*");
            clean("celery-task-meta-*");
        }
    }

    @Test
    void aTaskThatNeverReturnsIsCountedOnceAsNeverCompleted(@TempDir Path dir) throws Exception {
        String queue = "stampede-it-celery-hang-" + PID;
        Path cfg = config(dir, "celery:\n  queue: " + queue + "\n  global_keyprefix: \"" + PREFIX + "\"\n  worker: local\n"
                + "  result_timeout: 2s\n  drain_timeout: 3s\n  tasks:\n    stampede_probe.hang: {kwargs: {ms: 30000}}\nworkload:\n  type: celery\n"
                + "scenarios:\n  hang:\n    connections: 8\n    qps_target: 1\n    duration: 3s\n");
        try {
            Cli r = Cli.run(Map.of("CELERY_BROKER_URL", REDIS), "run", "--scenarios", "hang", "--config", cfg.toString(), "--output",
                    dir.resolve("out").toString());
            assertThat(r.code()).as(r.all()).isIn(1, 3);
            assertWorkerStopped(r.out());
            JsonNode report = JSON.readTree(dir.resolve("out").resolve("report.json").toFile());
            JsonNode s = report.get("scenarios").get(0);
            JsonNode all = s.get("extras").get("celery").get("all");
            long submitted = all.get("submitted").asLong();
            assertThat(submitted).isBetween(2L, 4L);
            assertThat(all.get("unknown").asLong()).isEqualTo(submitted);   // each once, none as success or failure
            assertThat(all.get("succeeded").asLong() + all.get("failed").asLong()).isZero();
        } finally {
            clean(PREFIX + "*");
            clean("celery-task-meta-*");
        }
    }

    @Test
    void aWorkerThatDiesMidRunIsNamedAndTheRunStops(@TempDir Path dir) throws Exception {
        String queue = "stampede-it-celery-dies-" + PID;
        Path work = Files.createDirectories(dir.resolve("probe"));
        try (var in = CeleryRunIT.class.getResourceAsStream("/stampede_probe.py")) {
            Files.write(work.resolve("stampede_probe.py"), in.readAllBytes());
        }
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", "-m", "celery", "-A", "stampede_probe", "worker", "-Q", queue, "-c", "2",
                "--without-gossip", "--without-mingle", "--loglevel=INFO").directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("worker.log").toFile());
        pb.environment().putAll(Map.of("PYTHONPATH", work.toString(), "CELERY_BROKER_URL", REDIS, "CELERY_RESULT_BACKEND", REDIS,
                "STAMPEDE_QUEUE", queue, "STAMPEDE_GLOBAL_KEYPREFIX", PREFIX, "STAMPEDE_QUIET_WORKER", "1"));
        Process worker = pb.start();
        Path cfg = config(dir, "celery:\n  queue: " + queue + "\n  global_keyprefix: \"" + PREFIX + "\"\n  worker: none\n  consumer_timeout: 3s\n");
        List<ProcessHandle> pool = new ArrayList<>();
        try {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!Files.readString(work.resolve("worker.log")).contains(" ready.") && System.nanoTime() < deadline) Thread.sleep(100);
            Thread killer = new Thread(() -> {
                try {
                    Thread.sleep(4000);
                    pool.addAll(worker.descendants().toList());
                    pool.forEach(ProcessHandle::destroyForcibly);
                    worker.destroyForcibly();
                } catch (InterruptedException ignored) {
                    // the test is over
                }
            });
            killer.start();
            Cli r = Cli.run(Map.of("CELERY_BROKER_URL", REDIS), "run", "--scenarios", "celery-completion", "--time-scale", "0.8", "--config",
                    cfg.toString(), "--output", dir.resolve("out").toString());
            killer.join();
            assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.TARGET_UNREACHABLE);
            assertThat(r.all()).contains("the workers of queue '" + queue + "' stopped");
            assertThat(dir.resolve("out").resolve("report.json")).exists();
        } finally {
            worker.descendants().forEach(ProcessHandle::destroyForcibly);
            worker.destroyForcibly().waitFor();
            clean(PREFIX + "*");
            clean("celery-task-meta-*");
        }
    }
}
