package dev.stampede.cli.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import dev.stampede.core.config.ConfigException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes objects of one distributed run: an Indexed Job ({@code completionMode: Indexed},
 * {@code completions = parallelism = N}, {@code backoffLimit: 0}) whose pod {@code i} runs
 * {@code stampede run --shard i/N --start-at T --print-bundle}, and a ConfigMap with the configuration file. The URLs
 * come from a Secret by reference ({@code secretKeyRef}, each key optional): no secret value is ever in a manifest.
 * Immutable; {@link #job()} and {@link #configMap()} build fresh objects.
 *
 * @param name         the Job's and ConfigMap's name (a DNS label)
 * @param config       the configuration file's text, or null for none
 * @param secret       the Secret holding the URLs ({@link #SECRET_KEYS}), or null for none
 * @param runArgs      further {@code stampede run} arguments (scenarios, rates, durations)
 * @param resources    requests and limits, e.g. {@code requests.cpu=1}, {@code limits.memory=2Gi}
 * @param nodeSelector node labels the pods must match
 * @param tolerations  {@code key[=value]:Effect}
 */
public record ShardJob(String name, String namespace, int shards, String image, Instant startAt, String config, String secret,
                       List<String> runArgs, Map<String, String> resources, Map<String, String> nodeSelector,
                       List<String> tolerations) {
    /** The environment names read from the Secret, each optional. */
    public static final List<String> SECRET_KEYS = List.of("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND",
            "API_BASE_URL");
    /** Where the ConfigMap's file is mounted in the pod. */
    public static final String CONFIG_PATH = "/etc/stampede/stampede.yaml";
    /** The label every object of a Stampede run carries, to find them; clean-up deletes by name, since every run has it. */
    public static final String LABEL = "app.kubernetes.io/managed-by";

    public ShardJob {
        if (shards < 1) throw new ConfigException("--shards must be at least 1, got " + shards);
        if (name == null || !name.matches("[a-z0-9]([-a-z0-9]{0,50}[a-z0-9])?")) {
            throw new ConfigException("--name '" + name + "' is not a DNS label (lower-case letters, digits and '-', at most 52)");
        }
        if (image == null || image.isBlank()) throw new ConfigException("--image is required: the Stampede image the pods run (see Dockerfile)");
        runArgs = runArgs == null ? List.of() : List.copyOf(runArgs);
        resources = resources == null ? Map.of() : Map.copyOf(resources);
        nodeSelector = nodeSelector == null ? Map.of() : Map.copyOf(nodeSelector);
        tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
        for (String r : resources.keySet()) {
            if (!r.matches("(requests|limits)\\.[a-z.-]+")) {
                throw new ConfigException("--resource " + r + ": write requests.cpu=1 or limits.memory=2Gi");
            }
        }
    }

    /** The container's arguments: the shard index comes from the pod's completion index. */
    public List<String> args() {
        List<String> a = new ArrayList<>(List.of("run"));
        if (config != null) a.addAll(List.of("--config", CONFIG_PATH));
        a.addAll(List.of("--shard", "$(JOB_COMPLETION_INDEX)/" + shards, "--start-at", startAt.toString(), "--print-bundle",
                "--output", "/tmp/stampede-results"));
        a.addAll(runArgs);
        return a;
    }

    public ConfigMap configMap() {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(namespace).addToLabels(LABEL, "stampede")
                .endMetadata().addToData("stampede.yaml", config == null ? "" : config).build();
    }

    public Job job() {
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVarBuilder().withName("JOB_COMPLETION_INDEX").withNewValueFrom().withNewFieldRef()
                .withFieldPath("metadata.annotations['batch.kubernetes.io/job-completion-index']").endFieldRef().endValueFrom().build());
        if (secret != null) {
            for (String k : SECRET_KEYS) {
                env.add(new EnvVarBuilder().withName(k).withNewValueFrom().withNewSecretKeyRef(k, secret, true).endValueFrom().build());
            }
        }
        Map<String, Quantity> requests = new LinkedHashMap<>(), limits = new LinkedHashMap<>();
        resources.forEach((k, v) -> (k.startsWith("requests.") ? requests : limits).put(k.substring(k.indexOf('.') + 1), new Quantity(v)));
        return new JobBuilder().withNewMetadata().withName(name).withNamespace(namespace).addToLabels(LABEL, "stampede").endMetadata()
                .withNewSpec().withCompletionMode("Indexed").withCompletions(shards).withParallelism(shards).withBackoffLimit(0)
                .withNewTemplate().withNewMetadata().addToLabels(LABEL, "stampede").addToLabels("stampede.dev/run", name).endMetadata()
                .withNewSpec().withRestartPolicy("Never").withNodeSelector(nodeSelector.isEmpty() ? null : nodeSelector)
                .withTolerations(tolerations.stream().map(ShardJob::toleration).toList())
                .addNewContainer().withName("stampede").withImage(image).withArgs(args()).withEnv(env)
                .withNewResources().withRequests(requests.isEmpty() ? null : requests).withLimits(limits.isEmpty() ? null : limits).endResources()
                .addNewVolumeMount().withName("config").withMountPath("/etc/stampede").withReadOnly(true).endVolumeMount()
                .endContainer()
                .addNewVolume().withName("config").withNewConfigMap().withName(name).endConfigMap().endVolume()
                .endSpec().endTemplate().endSpec().build();
    }

    /** {@code key[=value]:Effect}, e.g. {@code dedicated=load:NoSchedule}. */
    static Toleration toleration(String spec) {
        int colon = spec.lastIndexOf(':');
        if (colon <= 0) throw new ConfigException("--toleration " + spec + ": write key=value:Effect, e.g. dedicated=load:NoSchedule");
        String kv = spec.substring(0, colon), effect = spec.substring(colon + 1);
        int eq = kv.indexOf('=');
        TolerationBuilder t = new TolerationBuilder().withEffect(effect);
        if (eq < 0) return t.withKey(kv).withOperator("Exists").build();
        return t.withKey(kv.substring(0, eq)).withOperator("Equal").withValue(kv.substring(eq + 1)).build();
    }
}
