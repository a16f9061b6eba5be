package dev.stampede.cli.k8s;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The follow-and-collect loop and the clean-up of stampede k8s run, on fabric8's mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true, https = false)
class ShardJobRunTest {
    static KubernetesClient client;
    static KubernetesMockServer server;

    private static final String NS = "perf";

    @TempDir
    Path dir;

    private final StringWriter printed = new StringWriter();

    @BeforeEach
    void clean() {
        client.batch().v1().jobs().inNamespace(NS).delete();
        client.configMaps().inNamespace(NS).delete();
        client.pods().inNamespace(NS).delete();
    }

    private static ShardJob spec(String name, int shards) {
        return new ShardJob(name, NS, shards, "registry.example/stampede:1", Instant.parse("2030-01-01T00:02:00Z"), "workload: {}\n",
                "urls", List.of("--scenarios", "quick"), Map.of(), Map.of(), List.of());
    }

    private ShardJobRun run(ShardJob spec, PodScript script) {
        return new ShardJobRun(client, spec, script, script, Duration.ofSeconds(2), new PrintWriter(printed, true));
    }

    @Test
    void eachChangeIsOneLineAndAFailedAndAnEvictedPodAreNamedAsMissingShards() throws Exception {
        PodScript s = new PodScript(client, NS);
        s.then(() -> {
            s.pod("load", "load-0-a", 0, "Pending", null, null);
            s.pod("load", "load-1-b", 1, "Pending", null, null);
            s.pod("load", "load-2-c", 2, "Pending", null, null);
        }).then(() -> {
            s.pod("load", "load-0-a", 0, "Pending", null, "node-1");
            s.pod("load", "load-1-b", 1, "Running", null, "node-2");
            s.pod("load", "load-2-c", 2, "Running", null, "node-3");
        }).then(() -> {
            s.pod("load", "load-0-a", 0, "Running", null, "node-1");
            s.pod("load", "load-1-b", 1, "Failed", "Error", "node-2");
            s.pod("load", "load-2-c", 2, "Failed", "Evicted", "node-3");
        });
        ShardJob spec = spec("load", 3);
        ShardJobRun r = run(spec, s);
        r.create();
        s.then(() -> s.pod("load", "load-0-a", 0, "Failed", "DeadlineExceeded", "node-1"));
        ShardJobRun.Collected got = r.follow(Duration.ofMinutes(5), dir.resolve("logs"));
        r.cleanUp();

        assertThat(got.timedOut()).isFalse();
        assertThat(got.logs()).isEmpty();
        assertThat(got.lost()).containsExactly(
                "shard 0: pod load-0-a failed (DeadlineExceeded); its share of the load is missing",
                "shard 1: pod load-1-b failed (Error); its share of the load is missing",
                "shard 2: pod load-2-c evicted (Evicted); its share of the load is missing");
        List<String> lines = printed.toString().lines().filter(l -> l.startsWith("shard ")).toList();
        assertThat(lines).containsExactly(
                "shard 0 pod load-0-a: pending", "shard 1 pod load-1-b: pending", "shard 2 pod load-2-c: pending",
                "shard 0 pod load-0-a: scheduled (on node-1)", "shard 1 pod load-1-b: started (on node-2)",
                "shard 2 pod load-2-c: started (on node-3)",
                "shard 0 pod load-0-a: started (on node-1)", "shard 1 pod load-1-b: failed (Error)", "shard 2 pod load-2-c: evicted (Evicted)",
                "shard 0 pod load-0-a: failed (DeadlineExceeded)");
    }

    @Test
    void cleanUpDeletesExactlyTheJobAndConfigMapItCreatedAndNothingElseWithTheSameLabel() throws Exception {
        client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName("other")
                .addToLabels(ShardJob.LABEL, "stampede").endMetadata().build()).create();
        client.batch().v1().jobs().inNamespace(NS).resource(spec("other", 1).job()).create();
        PodScript s = new PodScript(client, NS);
        s.then(() -> s.pod("mine", "mine-0-x", 0, "Failed", "Error", "n"));
        ShardJobRun r = run(spec("mine", 1), s);
        r.create();
        assertThat(client.batch().v1().jobs().inNamespace(NS).withName("mine").get()).isNotNull();
        r.follow(Duration.ofMinutes(1), dir);
        r.cleanUp();
        r.cleanUp();   // idempotent: the shutdown hook may call it again

        assertThat(client.batch().v1().jobs().inNamespace(NS).list().getItems()).extracting(j -> j.getMetadata().getName())
                .containsExactly("other");
        assertThat(client.configMaps().inNamespace(NS).list().getItems()).extracting(c -> c.getMetadata().getName())
                .containsExactly("other");
        assertThat(printed.toString()).contains("deleted jobs.batch mine", "deleted configmaps mine");
        assertThat(server.getRequestCount()).isPositive();
    }

    @Test
    void aJobThatAlreadyExistsIsRefusedAndNotDeleted() throws Exception {
        client.batch().v1().jobs().inNamespace(NS).resource(new JobBuilder(spec("taken", 1).job()).build()).create();
        PodScript s = new PodScript(client, NS);
        ShardJobRun r = run(spec("taken", 1), s);
        assertThatThrownBy(r::create).hasMessageContaining("409 AlreadyExists").hasMessageContaining("another --name");
        r.cleanUp();
        assertThat(client.batch().v1().jobs().inNamespace(NS).withName("taken").get()).as("not ours: kept").isNotNull();
        assertThat(client.configMaps().inNamespace(NS).withName("taken").get()).as("ours: deleted").isNull();
    }

    @Test
    void theTimeoutEndsTheWaitOnTheInjectedClockAndNamesThePodsStillRunning() throws Exception {
        PodScript s = new PodScript(client, NS);
        s.then(() -> s.pod("slow", "slow-0-a", 0, "Running", null, "n1"));
        ShardJobRun r = run(spec("slow", 2), s);
        r.create();
        ShardJobRun.Collected got = r.follow(Duration.ofSeconds(30), dir);
        r.cleanUp();
        assertThat(got.timedOut()).isTrue();
        assertThat(s.sleeps).isEqualTo(15);   // 30 s of 2 s polls, on the test's clock
        assertThat(got.lost()).containsExactly("shard 0: pod slow-0-a still started at the timeout (on n1); its share of the load is missing",
                "shard 1: no pod ran before the timeout");
        assertThat(printed.toString()).contains("timed out after PT30S waiting for the pods");
        assertThat(client.batch().v1().jobs().inNamespace(NS).withName("slow").get()).isNull();
    }
}
