package dev.stampede.cli;

import dev.stampede.cli.k8s.ShardJob;
import dev.stampede.core.config.ConfigException;
import dev.stampede.core.config.Durations;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code stampede k8s}: a distributed run as a Kubernetes Indexed Job (fabric8 Kubernetes client). */
@Command(name = "k8s", mixinStandardHelpOptions = true, description = "Run the shards of a distributed run on Kubernetes.",
        subcommands = {K8sCommand.Manifest.class, K8sRunCommand.class}, footer = {"", ExitCodes.HELP})
public final class K8sCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.BAD_INPUT;
    }

    /** The options that describe the Job, shared by {@code manifest} and {@code run}. */
    static final class JobOptions {
        @Option(names = "--shards", required = true, paramLabel = "N", description = "How many pods (shards).")
        int shards;

        @Option(names = "--image", required = true, paramLabel = "IMAGE", description = "The Stampede image (built from the repository's Dockerfile).")
        String image;

        @Option(names = "--name", defaultValue = "stampede", paramLabel = "NAME", description = "The Job's and ConfigMap's name (default stampede).")
        String name;

        @Option(names = "--namespace", paramLabel = "NS", description = "Their namespace (default: the kubeconfig context's).")
        String namespace;

        @Option(names = "--secret", paramLabel = "NAME", description = "The Secret holding the URLs, by reference.")
        String secret;

        @Option(names = "--config", paramLabel = "FILE", description = "A Stampede configuration file, put in the ConfigMap "
                + "(keep passwords in the Secret's URLs, not in this file).")
        Path config;

        @Option(names = "--start-in", defaultValue = "2m", paramLabel = "DURATION",
                description = "How far ahead the common --start-at is, from now (default 2m: time to schedule and pull).")
        String startIn;

        @Option(names = "--resource", paramLabel = "KIND.NAME=QTY", description = "A request or limit, e.g. requests.cpu=1, limits.memory=2Gi.")
        Map<String, String> resources = new LinkedHashMap<>();

        @Option(names = "--node-selector", paramLabel = "LABEL=VALUE", description = "A node label the pods must match.")
        Map<String, String> nodeSelector = new LinkedHashMap<>();

        @Option(names = "--toleration", paramLabel = "KEY[=VALUE]:EFFECT", description = "A toleration, e.g. dedicated=load:NoSchedule.")
        List<String> tolerations = new ArrayList<>();

        @Parameters(paramLabel = "RUN_ARGS", arity = "0..*", description = "Further 'stampede run' arguments, after --.")
        List<String> runArgs = new ArrayList<>();

        /** The Job of these options in {@code ns} (null: none written), starting {@code --start-in} after {@code now}. */
        ShardJob toJob(String ns, Instant now) throws IOException {
            Instant at;
            try {
                at = now.plus(Durations.parse(startIn, 1)).truncatedTo(ChronoUnit.SECONDS);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("--start-in: " + e.getMessage());
            }
            String text = null;
            if (config != null) {
                if (!Files.isRegularFile(config)) throw new ConfigException("--config " + config + ": no such file");
                text = Files.readString(config, StandardCharsets.UTF_8);
            }
            return new ShardJob(name, ns, shards, image, at, text, secret, runArgs, resources, nodeSelector, tolerations);
        }
    }

    /** {@code stampede k8s manifest}: writes the Indexed Job and its ConfigMap as YAML, for kubectl apply. */
    @Command(name = "manifest", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Write an Indexed Job (completionMode Indexed, completions = parallelism = N, backoffLimit 0) whose pod i "
                    + "runs 'stampede run --shard i/N --start-at T --print-bundle ARGS...', and the ConfigMap holding --config. URLs "
                    + "come from --secret by reference (secretKeyRef of DATABASE_URL, REDIS_URL, CELERY_BROKER_URL, "
                    + "CELERY_RESULT_BACKEND, API_BASE_URL, each optional); no secret value is written.",
                    "Apply it with kubectl apply -f FILE; collect each pod's bundle with kubectl logs POD > shardI.log, then "
                            + "stampede merge --output DIR shard*.log; or let stampede k8s run do all of it. See docs/distributed.md."},
            footer = {"", "Exit codes: 0 written; 2 bad input.", "", ExitCodes.HELP})
    static final class Manifest implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        JobOptions job;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write the YAML (default: standard output).")
        Path output;

        @Override
        public Integer call() throws IOException {
            ShardJob j = job.toJob(job.namespace, Instant.now());
            KubernetesSerialization yaml = new KubernetesSerialization();
            String out = yaml.asYaml(j.configMap()) + yaml.asYaml(j.job());
            if (output == null) {
                PrintWriter w = spec.commandLine().getOut();
                w.print(out);
                w.flush();
            } else {
                Files.writeString(output, out, StandardCharsets.UTF_8);
                spec.commandLine().getOut().println("Wrote " + output + ": Job " + j.name() + " (" + j.shards() + " shards, start "
                        + j.startAt() + ") and ConfigMap " + j.name());
            }
            return ExitCodes.PASSED;
        }
    }
}
