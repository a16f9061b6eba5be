package dev.stampede.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampede.cli.k8s.PodScript;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * stampede k8s run's follow-collect-merge on genuine bundles: three real shards (child JVMs of the CLI jar with one
 * --start-at and --print-bundle, against the PostgreSQL service) write the logs the mock API server (CRUD mode, with the
 * pods' logs as expectations) serves as the pods' logs; the scripted pods then succeed, or one fails. The independent
 * source of the counts is each shard's own report.json.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class K8sRunIT {
    private static final String SCHEMA = "stampede_it_k8s";
    private static final String NS = "perf";
    private static final ObjectMapper JSON = new ObjectMapper();
    static KubernetesClient client;
    static KubernetesMockServer server;

    @TempDir
    static Path shards;

    @BeforeAll
    static void runThreeRealShards() throws Exception {
        Path jar = Path.of("target/stampede.jar");
        assertThat(jar).as("the CLI jar (package phase)").exists();
        Instant t = Instant.now().plusSeconds(20).truncatedTo(ChronoUnit.SECONDS);
        String java = ProcessHandle.current().info().command().orElse("java");
        List<Process> running = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                ProcessBuilder pb = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-Xss512k", "-jar", jar.toString(), "run",
                        "--scenarios", "quick", "--qps-target", "45", "--arrival", "constant", "--connections", "24", "--duration", "3s",
                        "--set", "thresholds.max_p95_response_time_ms=60000", "--set", "thresholds.max_avg_response_time_ms=60000",
                        "--set", "thresholds.max_p99_response_time_ms=60000", "--set", "thresholds.max_db_query_time_ms=60000",
                        "--no-db-monitors", "--set", "database.schema=" + SCHEMA, "--output", shards.resolve("shard" + i).toString(),
                        "--shard", i + "/3", "--start-at", t.toString(), "--print-bundle")
                        .redirectErrorStream(true).redirectOutput(shards.resolve("shard" + i + ".log").toFile());
                pb.environment().put("DATABASE_URL", Cli.PG);
                running.add(pb.start());
            }
            for (int i = 0; i < 3; i++) {
                assertThat(running.get(i).waitFor(60, TimeUnit.SECONDS)).as("shard " + i + " ends").isTrue();
                assertThat(running.get(i).exitValue()).as(Files.readString(shards.resolve("shard" + i + ".log"))).isLessThanOrEqualTo(1);
            }
        } finally {
            for (Process p : running) p.destroyForcibly();
        }
    }

    @AfterAll
    static void dropSchema() throws Exception {
        Cli.dropSchema(SCHEMA);
    }

    /** The pods of run {@code name}: pending, started, then each succeeds unless it is {@code failing}; their logs are the shards'. */
    private static PodScript pods(String name, int failing) throws IOException {
        PodScript s = new PodScript(client, NS);
        for (int i = 0; i < 3; i++) {
            server.expect().get().withPath("/api/v1/namespaces/" + NS + "/pods/" + name + "-" + i + "/log?pretty=false")
                    .andReturn(200, Files.readString(shards.resolve("shard" + i + ".log"))).always();
        }
        s.then(() -> {
            for (int i = 0; i < 3; i++) s.pod(name, name + "-" + i, i, "Pending", null, null);
        }).then(() -> {
            for (int i = 0; i < 3; i++) s.pod(name, name + "-" + i, i, "Running", null, "node-" + i);
        }).then(() -> {
            for (int i = 0; i < 3; i++) s.pod(name, name + "-" + i, i, i == failing ? "Failed" : "Succeeded", i == failing ? "Error" : null, "node-" + i);
        });
        return s;
    }

    private static int kRun(PodScript s, StringWriter out, String... args) throws Exception {
        K8sRunCommand cmd = new K8sRunCommand();
        new CommandLine(cmd).parseArgs(args);
        return cmd.runWith(client, NS, s, s, new PrintWriter(out, true));
    }

    private static long attempts(Path reportDir) throws IOException {
        return JSON.readTree(reportDir.resolve("report.json").toFile()).get("scenarios").get(0).get("totals").get("attempts").asLong();
    }

    /** The exit code the merged report.json records: 0 unless a threshold failed (the loaded machine may fail one). */
    private static int exitCode(Path reportDir) throws IOException {
        return JSON.readTree(reportDir.resolve("report.json").toFile()).get("exit_code").asInt();
    }

    private static JsonNode coverage(Path reportDir) throws IOException {
        for (JsonNode v : JSON.readTree(reportDir.resolve("report.json").toFile()).get("scenarios").get(0).get("verdicts")) {
            if (v.get("metric").asText().equals("shard_coverage")) return v;
        }
        throw new AssertionError("no shard_coverage verdict in " + reportDir);
    }

    @Test
    void podsThatCompleteAreCollectedFromTheirLogsMergedAndCleanedUp(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        int code = kRun(pods("all", -1), out, "--shards", "3", "--image", "registry.example/stampede:1", "--name", "all",
                "--output", dir.toString(), "--", "--scenarios", "quick");

        assertThat(code).as(out.toString()).isEqualTo(exitCode(dir)).isLessThanOrEqualTo(ExitCodes.THRESHOLDS_FAILED);
        assertThat(out.toString()).contains("shard 2 pod all-2: started (on node-2)", "shard 0 pod all-0: succeeded (on node-0)",
                "collected shard 1's log from pod all-1", "deleted jobs.batch all", "deleted configmaps all");
        long sum = 0;
        for (int i = 0; i < 3; i++) sum += attempts(shards.resolve("shard" + i));
        assertThat(sum).isPositive();
        assertThat(attempts(dir)).isEqualTo(sum);
        assertThat(coverage(dir).get("status").asText()).isEqualTo("PASSED");
        assertThat(dir.resolve("logs/shard-2.log")).hasSameTextualContentAs(shards.resolve("shard2.log"));
        assertThat(client.batch().v1().jobs().inNamespace(NS).withName("all").get()).isNull();
        assertThat(client.configMaps().inNamespace(NS).withName("all").get()).isNull();
    }

    @Test
    void aFailedPodIsNamedItsShardCountedMissingAndTheMergedVerdictFailsUnlessAccepted(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        int code = kRun(pods("one", 2), out, "--shards", "3", "--image", "registry.example/stampede:1", "--name", "one",
                "--output", dir.resolve("strict").toString());

        assertThat(code).as(out.toString()).isEqualTo(ExitCodes.THRESHOLDS_FAILED);
        assertThat(out.toString()).contains("shard 2 pod one-2: failed (Error)",
                "missing: shard 2: pod one-2 failed (Error); its share of the load is missing",
                "incomplete: shard 2: pod one-2 failed (Error)", "deleted jobs.batch one");
        JsonNode cov = coverage(dir.resolve("strict"));
        assertThat(cov.get("status").asText()).isEqualTo("FAILED");
        assertThat(cov.get("reason").asText()).contains("pod one-2 failed (Error)");
        assertThat(attempts(dir.resolve("strict"))).isEqualTo(attempts(shards.resolve("shard0")) + attempts(shards.resolve("shard1")));
        assertThat(Files.exists(dir.resolve("strict/logs/shard-2.log"))).isFalse();

        StringWriter again = new StringWriter();
        int accepted = kRun(pods("two", 2), again, "--shards", "3", "--image", "registry.example/stampede:1", "--name", "two",
                "--accept-incomplete", "--output", dir.resolve("accepted").toString());
        assertThat(accepted).as(again.toString()).isEqualTo(exitCode(dir.resolve("accepted")));
        assertThat(coverage(dir.resolve("accepted")).get("status").asText()).isEqualTo("WARNING");
        assertThat(again.toString()).contains("accepted: shard 2: pod two-2 failed (Error)");
    }
}
