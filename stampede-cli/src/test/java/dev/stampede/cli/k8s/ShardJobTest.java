package dev.stampede.cli.k8s;

import dev.stampede.core.config.ConfigException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Indexed Job and ConfigMap as a cluster stores them (fabric8's mock API server in CRUD mode). */
@EnableKubernetesMockClient(crud = true)
class ShardJobTest {
    static KubernetesClient client;

    private static final Instant T = Instant.parse("2030-01-01T10:00:00Z");

    private static ShardJob job() {
        return new ShardJob("load-1", "perf", 4, "registry.example/stampede:1", T, "workload:\n  type: game\n", "stampede-urls",
                List.of("--scenarios", "quick", "--qps-target", "2000"), Map.of("requests.cpu", "1", "limits.memory", "2Gi"),
                Map.of("pool", "load"), List.of("dedicated=load:NoSchedule", "spot:NoExecute"));
    }

    @Test
    void theStoredJobIsAnIndexedJobOfOneShardPerPod() {
        ShardJob spec = job();
        client.configMaps().inNamespace("perf").resource(spec.configMap()).create();
        client.batch().v1().jobs().inNamespace("perf").resource(spec.job()).create();

        Job j = client.batch().v1().jobs().inNamespace("perf").withName("load-1").get();
        assertThat(j.getSpec().getCompletionMode()).isEqualTo("Indexed");
        assertThat(j.getSpec().getCompletions()).isEqualTo(4);
        assertThat(j.getSpec().getParallelism()).isEqualTo(4);
        assertThat(j.getSpec().getBackoffLimit()).isZero();
        var pod = j.getSpec().getTemplate().getSpec();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getNodeSelector()).containsEntry("pool", "load");
        assertThat(pod.getTolerations()).hasSize(2);
        assertThat(pod.getTolerations().get(0).getOperator()).isEqualTo("Equal");
        assertThat(pod.getTolerations().get(1).getOperator()).isEqualTo("Exists");
        var c = pod.getContainers().get(0);
        assertThat(c.getImage()).isEqualTo("registry.example/stampede:1");
        assertThat(c.getArgs()).containsExactly("run", "--config", ShardJob.CONFIG_PATH, "--shard", "$(JOB_COMPLETION_INDEX)/4",
                "--start-at", "2030-01-01T10:00:00Z", "--print-bundle", "--output", "/tmp/stampede-results", "--scenarios", "quick",
                "--qps-target", "2000");
        assertThat(c.getResources().getRequests().get("cpu").toString()).isEqualTo("1");
        assertThat(c.getResources().getLimits().get("memory").toString()).isEqualTo("2Gi");
        EnvVar index = c.getEnv().get(0);
        assertThat(index.getName()).isEqualTo("JOB_COMPLETION_INDEX");
        assertThat(index.getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.annotations['batch.kubernetes.io/job-completion-index']");
        for (EnvVar e : c.getEnv().subList(1, c.getEnv().size())) {
            assertThat(e.getValue()).as(e.getName()).isNull();
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("stampede-urls");
            assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(e.getName());
            assertThat(e.getValueFrom().getSecretKeyRef().getOptional()).isTrue();
        }
        assertThat(c.getEnv()).extracting(EnvVar::getName).containsAll(ShardJob.SECRET_KEYS);

        ConfigMap cm = client.configMaps().inNamespace("perf").withName("load-1").get();
        assertThat(cm.getData()).containsEntry("stampede.yaml", "workload:\n  type: game\n");
        assertThat(pod.getVolumes().get(0).getConfigMap().getName()).isEqualTo("load-1");
    }

    @Test
    void theManifestHoldsNoSecretValueOnlyReferences() {
        KubernetesSerialization yaml = new KubernetesSerialization();
        String text = yaml.asYaml(job().configMap()) + yaml.asYaml(job().job());
        assertThat(text).contains("secretKeyRef").doesNotContain("postgresql://").doesNotContain("redis://");
        assertThat(text.lines().filter(l -> l.strip().startsWith("value:")).toList()).allMatch(l -> l.contains("load")); // only the toleration's
    }

    @Test
    void badValuesNameTheFlag() {
        assertThatThrownBy(() -> new ShardJob("Load_1", null, 2, "img", T, null, null, null, null, null, null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--name 'Load_1' is not a DNS label");
        assertThatThrownBy(() -> new ShardJob("x", null, 2, "img", T, null, null, null, Map.of("cpu", "1"), null, null))
                .hasMessageContaining("--resource cpu: write requests.cpu=1");
        assertThatThrownBy(() -> ShardJob.toleration("nokey")).hasMessageContaining("--toleration nokey: write key=value:Effect");
        assertThatThrownBy(() -> new ShardJob("x", null, 0, "img", T, null, null, null, null, null, null)).hasMessageContaining("--shards");
    }
}
