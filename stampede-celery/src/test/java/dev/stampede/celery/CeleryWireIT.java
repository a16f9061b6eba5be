package dev.stampede.celery;

import dev.stampede.celery.broker.QueueDepth;
import dev.stampede.celery.broker.RedisBroker;
import dev.stampede.celery.broker.TaskMessage;
import dev.stampede.core.api.Outcome;
import dev.stampede.core.engine.NanoClock;
import dev.stampede.redis.RedisUrl;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wire facts of ../shared/reference/celery-wire.md, pinned against a real Celery 5.2 worker (Debian's python3 -m
 * celery with the probe module) on the Redis service, database 10, keys under {@link ServiceRedis#PREFIX}: the minimal
 * protocol-2 envelope is accepted; results are published on {@code celery-task-meta-<id>} and kept with a one-day TTL;
 * a FAILURE carries exc_type and exc_message; RETRY is published once per retry; an unknown name ends as NotRegistered;
 * the queue's priority lists are named {@code <queue>\x06\x16<step>}; worker events arrive base64-wrapped on the
 * {@code celeryev} channels, batched as task.multi; the probe's timestamps split end-to-end into parts that add up.
 */
class CeleryWireIT {
    static final String QUEUE = "stampede-it-celery-wire-" + ProcessHandle.current().pid();
    static ServiceRedis redis;
    static LocalWorker worker;

    @BeforeAll
    static void startWorker() throws Exception {
        redis = new ServiceRedis();
        worker = LocalWorker.start(ServiceRedis.URL, ServiceRedis.URL, QUEUE, 2, 4, ServiceRedis.PREFIX, 60, true);
    }

    @AfterAll
    static void stop() {
        if (worker != null) worker.close();
        if (redis != null) redis.close();
    }

    @Test
    void aRealWorkerAcceptsOurMessagesAndReportsAsTheReferenceSays() throws Exception {
        String run = String.format("%08x", new java.util.Random().nextInt());
        List<String> names = List.of("stampede_probe.sleep", "stampede_probe.fail", "stampede_probe.retry", "no_such.task");
        TaskTracker tracker = new TaskTracker(NanoClock.SYSTEM, names, true, TimeUnit.SECONDS.toNanos(30), TimeUnit.SECONDS.toNanos(30),
                "'" + QUEUE + "'", "a worker");
        Map<String, String> events = new ConcurrentHashMap<>();
        List<String> eventChannels = new CopyOnWriteArrayList<>();
        RedisClient events0 = RedisClient.create(RedisUrl.parse(ServiceRedis.URL, "test").uri());
        StatefulRedisPubSubConnection<String, String> ev = events0.connectPubSub();
        ev.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String pattern, String channel, String message) {
                eventChannels.add(channel);
                try {
                    String body = new String(Base64.getDecoder().decode(new com.fasterxml.jackson.databind.ObjectMapper().readTree(message)
                            .path("body").asText()), StandardCharsets.UTF_8);
                    events.merge(channel, body, (a, b) -> a + b);
                } catch (java.io.IOException e) {
                    events.merge(channel, "unreadable:" + message, (a, b) -> a + b);
                }
            }
        });
        ev.sync().psubscribe("*celeryev*");
        tracker.runPrefix(run);
        try (ResultSubscription sub = ResultSubscription.open(RedisUrl.parse(ServiceRedis.URL, "test"), run, tracker::onMeta);
             EventSubscription evs = EventSubscription.open(RedisUrl.parse(ServiceRedis.URL, "test"), ServiceRedis.PREFIX, tracker);
             RedisBroker broker = new RedisBroker(redis.connector, 2, ServiceRedis.PREFIX)) {
            Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
            String[] ids = new String[4];
            Object[][] kwargs = {{"ms", 20}, {"rate", 1.0}, {"times", 2, "backoff_ms", 50}, {}};
            for (int i = 0; i < 4; i++) {
                String id = TaskMessage.newId(run);
                ids[i] = id;
                Map<String, Object> kw = new java.util.LinkedHashMap<>();
                for (int k = 0; k + 1 < kwargs[i].length; k += 2) kw.put((String) kwargs[i][k], kwargs[i][k + 1]);
                TaskMessage m = TaskMessage.of(id, names.get(i), List.of(), kw, null, null, "stampede@test", 0);
                long t0 = System.nanoTime();
                int op = i;
                tracker.started(id, op, t0, o -> outcomes.put(id, o), null);
                broker.publish(QUEUE, m, () -> tracker.published(id, op, t0, System.nanoTime(), o -> { }), e -> outcomes.put(id, Outcome.unknown(
                        CeleryErrors.BROKER, e.toString())));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (outcomes.size() < 4 && System.nanoTime() < deadline) Thread.sleep(50);
            assertThat(outcomes).as(worker.logTail(20)).hasSize(4);
            assertThat(outcomes.get(ids[0]).isOk()).isTrue();
            assertThat(outcomes.get(ids[1]).error()).isEqualTo(CeleryErrors.TASK_FAILED);
            assertThat(outcomes.get(ids[1]).message()).startsWith("ProbeFailure: injected failure");
            assertThat(outcomes.get(ids[2]).isOk()).isTrue();
            assertThat(outcomes.get(ids[3]).error().code()).isEqualTo("client-error");
            assertThat(outcomes.get(ids[3]).message()).contains("NotRegistered");

            List<TaskStats.Snapshot> s = tracker.snapshot();
            assertThat(s.get(2).retries()).isEqualTo(2);            // one RETRY state per retry
            assertThat(s.get(2).retriedTasks()).isEqualTo(1);
            assertThat(s.get(1).failuresByType()).containsEntry("ProbeFailure", 1L);
            assertThat(s.get(3).failuresByType()).containsEntry("NotRegistered", 1L);
            // the probe's timestamps: queue wait + run time + delivery add up to end-to-end (µs flooring only)
            TaskStats.Snapshot sleep = s.get(0);
            assertThat(sleep.splitTasks()).isEqualTo(1);
            assertThat(sleep.runTime().get("p50_ms")).isBetween(19.0, 500.0);
            assertThat(Math.abs(sleep.splitResidualUs())).isLessThanOrEqualTo(3.0);

            // result keys: celery-task-meta-<id>, kept 86400 s
            long ttl = redis.redis.ttl("celery-task-meta-" + ids[0]);
            assertThat(ttl).isBetween(86000L, 86400L);
            String meta = redis.redis.get("celery-task-meta-" + ids[1]);
            assertThat(meta).contains("\"status\": \"FAILURE\"").contains("\"exc_type\": \"ProbeFailure\"").contains("\"exc_message\"");

            // events (-E): batched as task.multi on the celeryev channels, each with the task's uuid
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!String.join("", events.values()).contains("task-succeeded") && System.nanoTime() < deadline) Thread.sleep(50);
            String all = String.join("", events.values());
            assertThat(all).contains("task-received").contains("task-started").contains("task-succeeded").contains("task-failed")
                    .contains("task-retried").contains(ids[0]);
            // the same events through Stampede's own subscription (prefixed channel /10.celeryev/task.*): one final event per task
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (tracker.eventsFinal() < 4 && System.nanoTime() < deadline) Thread.sleep(50);
            assertThat(tracker.eventsFinal()).isEqualTo(4);
            assertThat(eventChannels).allMatch(c -> c.startsWith(ServiceRedis.PREFIX + "/10.celeryev/"));
            assertThat(eventChannels).anyMatch(c -> c.contains("/10.celeryev/task.multi") || c.contains(".celeryev/task."));

            // priority lists: kombu's steps 0/3/6/9, the key <queue>\x06\x16<step>; a queue nobody consumes shows them
            String idle = QUEUE + "-idle";
            TaskMessage p9 = TaskMessage.of(TaskMessage.newId(run), "stampede_probe.sleep", List.of(), Map.of(), null, null, "t", 9);
            TaskMessage p4 = TaskMessage.of(TaskMessage.newId(run), "stampede_probe.sleep", List.of(), Map.of(), null, null, "t", 4);
            java.util.concurrent.CountDownLatch acked = new java.util.concurrent.CountDownLatch(2);
            broker.publish(idle, p9, acked::countDown, e -> { });
            broker.publish(idle, p4, acked::countDown, e -> { });
            assertThat(acked.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(redis.redis.llen(ServiceRedis.PREFIX + idle + "\u0006\u00169")).isEqualTo(1);
            assertThat(redis.redis.llen(ServiceRedis.PREFIX + idle + "\u0006\u00163")).isEqualTo(1);
            QueueDepth d = broker.depth(idle);
            assertThat(d.ready()).isEqualTo(2);
            broker.deleteOwnQueue(idle);
            assertThat(broker.absent(idle)).isTrue();
        } finally {
            ev.close();
            events0.shutdown();
            redis.clean("celery-task-meta-" + run + "*");
        }
    }
}
