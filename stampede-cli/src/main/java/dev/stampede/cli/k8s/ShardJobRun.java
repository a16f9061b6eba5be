package dev.stampede.cli.k8s;

import dev.stampede.core.api.TargetUnreachableException;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One {@code stampede k8s run} on a cluster: creates the ConfigMap and the Indexed Job of a {@link ShardJob}, follows the
 * Job's pods (one line per stage change), saves each succeeded pod's log (which ends with its framed bundle) to
 * {@code logs/shard-I.log}, and deletes exactly what it created: the Job (propagation background, so its pods go too) and
 * the ConfigMap, by the names it gave them, on success, failure, timeout and interruption ({@link #cleanUp} is idempotent,
 * so a shutdown hook may call it too). A shard whose pod failed, was evicted, vanished or did not finish in time is in
 * {@link Collected#lost}, named, never dropped.
 *
 * <p>Time comes from the injected {@link Clock} and waits go through the injected {@link Sleeper}, so the follow loop's
 * timeout is tested without sleeping. Not thread-safe except {@link #cleanUp}, which may race the loop.
 */
public final class ShardJobRun {
    /** Waits between polls of the pods. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /**
     * What the run collected.
     *
     * @param logs     the saved logs of succeeded pods, by shard index, each ending with its bundle
     * @param lost     one line per shard without a bundle, naming its pod and why
     * @param timedOut whether the timeout ended the wait
     */
    public record Collected(Map<Integer, Path> logs, List<String> lost, boolean timedOut) {
    }

    private final KubernetesClient client;
    private final ShardJob spec;
    private final String namespace;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration poll;
    private final PrintWriter out;
    private final String server;
    private volatile boolean jobCreated, configMapCreated;
    private final AtomicBoolean cleaned = new AtomicBoolean();

    /** {@code spec.namespace()} must be set (the command resolves it from the kubeconfig when not given). */
    public ShardJobRun(KubernetesClient client, ShardJob spec, Clock clock, Sleeper sleeper, Duration poll, PrintWriter out) {
        this.client = client;
        this.spec = spec;
        this.namespace = spec.namespace();
        this.clock = clock;
        this.sleeper = sleeper;
        this.poll = poll;
        this.out = out;
        this.server = client.getMasterUrl() == null ? "?" : client.getMasterUrl().toString();
    }

    /** Creates the ConfigMap, then the Job. */
    public void create() throws TargetUnreachableException {
        KubeCalls.run("create", "configmaps", namespace, server,
                () -> client.configMaps().inNamespace(namespace).resource(spec.configMap()).create());
        configMapCreated = true;
        KubeCalls.run("create", "jobs.batch", namespace, server,
                () -> client.batch().v1().jobs().inNamespace(namespace).resource(spec.job()).create());
        jobCreated = true;
        say("created ConfigMap " + spec.name() + " and Job " + spec.name() + " in namespace " + namespace + ": " + spec.shards()
                + " shards, start " + spec.startAt());
    }

    /**
     * Follows the pods until every shard's pod is final, the Job failed with no pod left running, or {@code timeout} has passed;
     * saves the succeeded pods' logs under {@code logDir}.
     */
    public Collected follow(Duration timeout, Path logDir) throws TargetUnreachableException, IOException, InterruptedException {
        Instant deadline = clock.instant().plus(timeout);
        Map<String, PodView> seen = new TreeMap<>();
        Map<Integer, PodView> last = new TreeMap<>();
        boolean timedOut = false;
        String jobFailure = null;
        while (true) {
            List<Pod> pods = KubeCalls.call("list", "pods", namespace, server, () -> client.pods().inNamespace(namespace)
                    .withLabel("stampede.dev/run", spec.name()).list().getItems());
            for (Pod p : pods) {
                PodView v = PodView.of(p);
                PodView before = seen.put(v.name(), v);
                if (before == null || before.stage() != v.stage()) say(v.line());
                if (v.index() >= 0 && v.index() < spec.shards()) {
                    PodView cur = last.get(v.index());
                    // a retried or replaced index: the succeeded pod wins, else the newest seen
                    if (cur == null || cur.stage() != PodView.Stage.SUCCEEDED) last.put(v.index(), v);
                }
            }
            for (String name : List.copyOf(seen.keySet())) {
                PodView v = seen.get(name);
                if (!v.stage().terminal() && pods.stream().noneMatch(p -> name.equals(p.getMetadata().getName()))) {
                    PodView gone = new PodView(name, v.index(), PodView.Stage.FAILED, "deleted before it finished");
                    seen.put(name, gone);
                    if (last.get(v.index()) == v) last.put(v.index(), gone);
                    say(gone.line());
                }
            }
            boolean allFinal = last.size() == spec.shards() && last.values().stream().allMatch(v -> v.stage().terminal());
            if (allFinal) break;
            jobFailure = jobFailed();
            if (jobFailure != null && last.values().stream().noneMatch(v -> !v.stage().terminal())) {
                say("Job " + spec.name() + " failed: " + jobFailure);
                break;
            }
            if (!clock.instant().isBefore(deadline)) {
                timedOut = true;
                say("timed out after " + timeout + " waiting for the pods (raise --timeout, or look at kubectl describe pods -l "
                        + "stampede.dev/run=" + spec.name() + " -n " + namespace + ")");
                break;
            }
            sleeper.sleep(poll);
        }
        Files.createDirectories(logDir);
        Map<Integer, Path> logs = new TreeMap<>();
        List<String> lost = new ArrayList<>();
        for (int i = 0; i < spec.shards(); i++) {
            PodView v = last.get(i);
            if (v == null) {
                lost.add("shard " + i + ": no pod ran" + (jobFailure != null ? " (Job failed: " + jobFailure + ")"
                        : timedOut ? " before the timeout" : ""));
            } else if (v.stage() == PodView.Stage.SUCCEEDED) {
                logs.put(i, saveLog(v, logDir.resolve("shard-" + i + ".log")));
            } else {
                lost.add("shard " + i + ": pod " + v.name() + " " + (v.stage().terminal() ? v.stage().word() : "still " + v.stage().word()
                        + " at the timeout") + (v.detail().isEmpty() ? "" : " (" + v.detail() + ")") + "; its share of the load is missing");
            }
        }
        return new Collected(logs, lost, timedOut);
    }

    /**
     * Deletes the Job (background propagation: the garbage collector removes its pods) and the ConfigMap, each only if this
     * run created it, by name. Runs once; a refusal is reported with the kubectl command that finishes the job, not thrown.
     */
    public void cleanUp() {
        if (!cleaned.compareAndSet(false, true)) return;
        if (jobCreated) {
            delete("jobs.batch", () -> client.batch().v1().jobs().inNamespace(namespace).withName(spec.name())
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete(), "job");
        }
        if (configMapCreated) {
            delete("configmaps", () -> client.configMaps().inNamespace(namespace).withName(spec.name()).delete(), "configmap");
        }
    }

    private void delete(String resource, KubeCalls.Action call, String kind) {
        try {
            KubeCalls.run("delete", resource, namespace, server, call);
            say("deleted " + resource + " " + spec.name());
        } catch (TargetUnreachableException | RuntimeException e) {
            say("could not delete " + resource + " " + spec.name() + ": " + e.getMessage() + "; delete it with kubectl delete " + kind + " "
                    + spec.name() + " -n " + namespace);
        }
    }

    private String jobFailed() throws TargetUnreachableException {
        Job j = KubeCalls.call("get", "jobs.batch", namespace, server,
                () -> client.batch().v1().jobs().inNamespace(namespace).withName(spec.name()).get());
        if (j == null || j.getStatus() == null || j.getStatus().getConditions() == null) return null;
        for (JobCondition c : j.getStatus().getConditions()) {
            if ("Failed".equals(c.getType()) && "True".equals(c.getStatus())) {
                return c.getReason() + (c.getMessage() == null ? "" : ": " + c.getMessage());
            }
        }
        return null;
    }

    private Path saveLog(PodView v, Path file) throws TargetUnreachableException, IOException {
        try (InputStream in = KubeCalls.call("get", "pods/log", namespace, server,
                () -> client.pods().inNamespace(namespace).withName(v.name()).getLogInputStream())) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        say("collected shard " + v.index() + "'s log from pod " + v.name() + " (" + Files.size(file) + " bytes)");
        return file;
    }

    private void say(String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
