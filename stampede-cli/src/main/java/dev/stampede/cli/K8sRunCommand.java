package dev.stampede.cli;

import dev.stampede.cli.k8s.ShardJob;
import dev.stampede.cli.k8s.ShardJobRun;
import dev.stampede.core.api.TargetUnreachableException;
import dev.stampede.core.config.ConfigException;
import dev.stampede.core.config.Durations;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code stampede k8s run}: the Job of {@code k8s manifest} created through the API, its pods followed, their bundles
 * collected from their logs, the Job and ConfigMap deleted, the bundles merged by {@link MergeCommand#merge}.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Create the ConfigMap and the Indexed Job of 'stampede k8s manifest' through the Kubernetes API (namespace "
                + "from --namespace or the kubeconfig context), follow the Job's pods (one line per change: pending, scheduled, "
                + "started, succeeded, failed, evicted), save each succeeded pod's log to DIR/logs/shard-I.log, delete the Job "
                + "(propagation background, so its pods go) and the ConfigMap it created (only those, by name; also on failure, "
                + "timeout and Ctrl-C), then merge the bundles from the logs into one report in DIR, as stampede merge does.",
                "A pod that failed, was evicted or did not finish before --timeout is named in the output and the report, and its "
                        + "shard counted as missing: the merged verdict fails unless --accept-incomplete.",
                "RBAC needed in the namespace: create/get/delete jobs.batch, create/delete configmaps, list pods, get pods/log. "
                        + "See README \"Run on Kubernetes\" and docs/distributed.md."},
        footer = {"", "Exit codes: 0 merged and passed; 1 a threshold failed or a shard is missing (pod failed, evicted, timed out); "
                + "2 bad input (a flag, the kubeconfig, no permission: the message names the RBAC verb and resource, a Job or "
                + "ConfigMap of that --name already there); 3 no Kubernetes API server reachable, or no pod produced a bundle; "
                + "4 internal error; 130 interrupted (the Job and ConfigMap are still deleted).", "", ExitCodes.HELP})
final class K8sRunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    K8sCommand.JobOptions job;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR",
            description = "Where the merged reports go; the pods' logs go to DIR/logs.")
    Path output;

    @Option(names = "--timeout", defaultValue = "30m", paramLabel = "DURATION",
            description = "How long to wait for every pod to finish, from the Job's creation (default 30m; count --start-in and the run's duration in).")
    String timeout;

    @Option(names = "--poll", defaultValue = "2s", paramLabel = "DURATION", description = "How often the pods are looked at (default 2s).")
    String poll;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "The kubeconfig (default: $KUBECONFIG, ~/.kube/config, or the in-cluster service account).")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "The kubeconfig context (default: its current one).")
    String context;

    @Option(names = "--accept-incomplete", description = "As in stampede merge: a missing shard is a warning, not a failed verdict.")
    boolean acceptIncomplete;

    @Option(names = "--max-skew", paramLabel = "DURATION", defaultValue = "500ms", description = "As in stampede merge (default 500ms).")
    String maxSkew;

    @Option(names = {"-v", "--verbose"}, description = "Stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Config config = config();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            return runWith(client, config.getNamespace() == null ? "default" : config.getNamespace(), Clock.systemUTC(), Thread::sleep,
                    spec.commandLine().getOut());
        }
    }

    private Config config() throws IOException {
        Config c;
        if (kubeconfig != null) {
            if (!Files.isRegularFile(kubeconfig)) throw new ConfigException("--kubeconfig " + kubeconfig + ": no such file");
            try {
                c = Config.fromKubeconfig(context, Files.readString(kubeconfig, StandardCharsets.UTF_8), kubeconfig.toString());
            } catch (RuntimeException e) {
                throw new ConfigException("--kubeconfig " + kubeconfig + " cannot be used: " + e.getMessage(), e);
            }
        } else {
            c = Config.autoConfigure(context);
        }
        if (job.namespace != null) c.setNamespace(job.namespace);
        c.setRequestRetryBackoffLimit(2);   // a refused connection is reported in a second, not after fabric8's ten retries
        return c;
    }

    /** The whole run against {@code client}, in {@code namespace}; time and waits injected (tests run it on a mock API server). */
    int runWith(KubernetesClient client, String namespace, Clock clock, ShardJobRun.Sleeper sleeper, PrintWriter out) throws Exception {
        Duration wait = duration("--timeout", timeout), every = duration("--poll", poll);
        duration("--max-skew", maxSkew); // checked before anything is created in the cluster; the merge parses it again
        ShardJob j = job.toJob(namespace, clock.instant());
        ShardJobRun run = new ShardJobRun(client, j, clock, sleeper, every, out);
        Thread hook = new Thread(run::cleanUp, "stampede-k8s-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        ShardJobRun.Collected got = null;
        try {
            run.create();
            got = run.follow(wait, output.resolve("logs"));
        } catch (InterruptedException e) {
            out.println("interrupted: deleting the Job and ConfigMap; no merge");
            out.flush();
        } finally {
            run.cleanUp();   // before the interrupt flag is restored: the client's calls would fail on an interrupted thread
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs (and finds the clean-up done)
            }
        }
        if (got == null) {
            Thread.currentThread().interrupt();
            return ExitCodes.INTERRUPTED;
        }
        return merge(got, out);
    }

    private int merge(ShardJobRun.Collected got, PrintWriter out) throws Exception {
        for (String l : got.lost()) out.println("missing: " + l);
        if (got.logs().isEmpty()) {
            throw new TargetUnreachableException("no pod produced a bundle, nothing to merge (" + String.join("; ", got.lost())
                    + "); see the pods' lines above and their logs in " + output.resolve("logs"), null);
        }
        MergeCommand m = new MergeCommand();
        m.output = output;
        m.bundles = new ArrayList<>(got.logs().values());
        m.acceptIncomplete = acceptIncomplete;
        m.maxSkew = maxSkew;
        m.knownMissing = got.lost();
        Map<Path, String> byLog = new java.util.HashMap<>();
        got.logs().forEach((shard, log) -> byLog.put(log, "shard " + shard + " (its pod succeeded, its log)"));
        m.missingIfUnreadable = byLog;
        return m.merge(out);
    }

    private static Duration duration(String option, String value) {
        try {
            return Durations.parse(value, 1);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(option + ": " + e.getMessage());
        }
    }
}
