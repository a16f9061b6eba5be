package dev.stampede.cli;

import dev.stampede.cli.k8s.PodScript;
import dev.stampede.core.api.TargetUnreachableException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** stampede k8s run's ends without a merge (mock API server, CRUD mode): interrupted, and no pod left a bundle. */
@EnableKubernetesMockClient(crud = true, https = false)
class K8sRunCommandTest {
    static KubernetesClient client;

    @TempDir
    Path dir;

    private static K8sRunCommand parse(String... args) {
        K8sRunCommand cmd = new K8sRunCommand();
        new CommandLine(cmd).parseArgs(args);
        return cmd;
    }

    @Test
    void anInterruptDuringTheWaitDeletesTheJobAndConfigMapAndIsExit130() throws Exception {
        StringWriter out = new StringWriter();
        PodScript clock = new PodScript(client, "perf");
        int code = parse("--shards", "2", "--image", "i", "--name", "cut", "--output", dir.toString())
                .runWith(client, "perf", clock, d -> {
                    assertThat(client.batch().v1().jobs().inNamespace("perf").withName("cut").get()).isNotNull();
                    throw new InterruptedException("Ctrl-C");
                }, new PrintWriter(out, true));
        assertThat(Thread.interrupted()).as("the interrupt flag is restored").isTrue();
        assertThat(code).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(out.toString()).contains("interrupted", "deleted jobs.batch cut", "deleted configmaps cut");
        assertThat(client.batch().v1().jobs().inNamespace("perf").withName("cut").get()).isNull();
        assertThat(client.configMaps().inNamespace("perf").withName("cut").get()).isNull();
    }

    @Test
    void whenNoPodLeftABundleNothingIsMergedAndEachShardIsNamedExit3() {
        StringWriter out = new StringWriter();
        PodScript s = new PodScript(client, "perf");
        s.then(() -> {
            s.pod("none", "none-0", 0, "Failed", "Error", "n");
            s.pod("none", "none-1", 1, "Failed", "Evicted", "n");
        });
        assertThatThrownBy(() -> parse("--shards", "2", "--image", "i", "--name", "none", "--output", dir.toString())
                .runWith(client, "perf", s, s, new PrintWriter(out, true)))
                .isInstanceOf(TargetUnreachableException.class)
                .hasMessageContaining("no pod produced a bundle")
                .hasMessageContaining("shard 0: pod none-0 failed (Error)").hasMessageContaining("shard 1: pod none-1 evicted (Evicted)");
        assertThat(Failures.exitCode(new TargetUnreachableException("x", null))).isEqualTo(ExitCodes.TARGET_UNREACHABLE);
        assertThat(client.batch().v1().jobs().inNamespace("perf").withName("none").get()).isNull();
    }
}
