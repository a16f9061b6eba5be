package dev.stampede.cli.k8s;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Plays the Job controller and the kubelet for a test: each {@link #sleep} (the follow loop's wait between polls) applies
 * the next scripted change to the pods on the mock API server and moves the test's clock on by the wait. Not thread-safe.
 */
public final class PodScript extends Clock implements ShardJobRun.Sleeper {
    private final KubernetesClient client;
    private final String namespace;
    private final Deque<Runnable> steps = new ArrayDeque<>();
    private Instant now = Instant.parse("2030-01-01T00:00:00Z");
    int sleeps;

    public PodScript(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** Adds a step run at the next wait. */
    public PodScript then(Runnable step) {
        steps.add(step);
        return this;
    }

    /** Sets pod {@code name} (of shard {@code index} of run {@code run}) to {@code phase}, with an optional reason. */
    public void pod(String run, String name, int index, String phase, String reason, String node) {
        Pod p = new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace).addToLabels("stampede.dev/run", run)
                .addToAnnotations(PodView.INDEX, Integer.toString(index)).endMetadata()
                .withNewSpec().withNodeName(node).endSpec()
                .withNewStatus().withPhase(phase).withReason(reason).endStatus().build();
        if (client.pods().inNamespace(namespace).withName(name).get() == null) {
            client.pods().inNamespace(namespace).resource(p).create();
        }
        client.pods().inNamespace(namespace).resource(p).updateStatus();
        client.pods().inNamespace(namespace).withName(name).edit(old -> {
            old.getSpec().setNodeName(node);
            return old;
        });
    }

    @Override
    public void sleep(Duration d) {
        sleeps++;
        now = now.plus(d);
        Runnable next = steps.poll();
        if (next != null) next.run();
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneOffset getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
        return this;
    }
}
