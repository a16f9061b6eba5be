package dev.stampede.cli;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * stampede k8s run's bad input, end to end through the CLI and a kubeconfig: a 403 on creating the Job (fabric8's mock API
 * server in expectations mode) and an API server nobody listens on.
 */
@EnableKubernetesMockClient(https = false)
class K8sRunErrorsTest {
    static KubernetesClient client;
    static KubernetesMockServer server;

    @TempDir
    Path dir;

    static Path kubeconfig(Path dir, String url) throws Exception {
        Path f = dir.resolve("kubeconfig");
        Files.writeString(f, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: test
                  cluster:
                    server: %s
                contexts:
                - name: test
                  context: {cluster: test, user: tester, namespace: perf}
                current-context: test
                users:
                - name: tester
                  user: {token: not-a-secret}
                """.formatted(url));
        return f;
    }

    @Test
    void aForbiddenJobCreationNamesTheRbacVerbAndResourceIsExit2AndTheConfigMapItMadeIsDeleted() throws Exception {
        server.expect().post().withPath("/api/v1/namespaces/perf/configmaps")
                .andReturn(201, new ConfigMapBuilder().withNewMetadata().withName("load").withNamespace("perf").endMetadata().build()).once();
        server.expect().post().withPath("/apis/batch/v1/namespaces/perf/jobs").andReturn(403, new StatusBuilder().withCode(403)
                .withReason("Forbidden").withMessage("jobs.batch is forbidden: User \"tester\" cannot create resource \"jobs\" in API "
                        + "group \"batch\" in the namespace \"perf\"").build()).once();
        server.expect().delete().withPath("/api/v1/namespaces/perf/configmaps/load").andReturn(200, new StatusBuilder().withCode(200)
                .build()).once();
        int before = server.getRequestCount();

        Cli r = Cli.run("k8s", "run", "--kubeconfig", kubeconfig(dir, client.getMasterUrl().toString()).toString(), "--shards", "2",
                "--image", "registry.example/stampede:1", "--name", "load", "--output", dir.resolve("out").toString(), "--",
                "--scenarios", "quick");

        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("no permission to create jobs.batch in namespace perf (403 Forbidden")
                .contains("grant the user or service account the RBAC verb 'create' on 'jobs.batch'")
                .doesNotContain("not-a-secret").doesNotContain("\tat ");
        List<String> calls = new ArrayList<>();
        for (int i = before; i < server.getRequestCount(); i++) {
            RecordedRequest q = server.takeRequest(1, TimeUnit.SECONDS);
            calls.add(q.getMethod() + " " + q.getPath());
        }
        assertThat(calls).containsExactly("POST /api/v1/namespaces/perf/configmaps", "POST /apis/batch/v1/namespaces/perf/jobs",
                "DELETE /api/v1/namespaces/perf/configmaps/load");
    }

    @Test
    void noApiServerReachableIsExit3WithTheServerAndWhatToCheck() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Cli r = Cli.run("k8s", "run", "--kubeconfig", kubeconfig(dir, "http://127.0.0.1:" + port).toString(), "--shards", "2",
                "--image", "registry.example/stampede:1", "--output", dir.resolve("out").toString());
        assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.TARGET_UNREACHABLE);
        assertThat(r.err()).contains("no Kubernetes API server reachable at http://127.0.0.1:" + port)
                .contains("on create configmaps").contains("kubectl cluster-info").doesNotContain("\tat ");
        assertThat(r.out()).doesNotContain("deleted");
    }

    @Test
    void aMissingKubeconfigIsExit2() {
        Cli r = Cli.run("k8s", "run", "--kubeconfig", dir.resolve("none").toString(), "--shards", "2", "--image", "i",
                "--output", dir.resolve("out").toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("--kubeconfig " + dir.resolve("none") + ": no such file");
    }
}
