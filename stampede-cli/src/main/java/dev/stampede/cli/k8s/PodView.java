package dev.stampede.cli.k8s;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;

import java.util.List;
import java.util.Map;

/**
 * What {@code stampede k8s run} sees of one shard's pod: its completion index, the stage it reached and why. Derived from
 * the pod's status only (phase, {@code PodScheduled} condition, container state, the eviction reason), so the same pod
 * status always gives the same view. Immutable.
 *
 * @param name   the pod's name
 * @param index  the shard index ({@code batch.kubernetes.io/job-completion-index}), or -1 when the pod carries none
 * @param stage  the stage it reached
 * @param detail what the cluster said about it (node, reason, exit code), for the user; never null
 */
public record PodView(String name, int index, Stage stage, String detail) {
    /** The annotation (and, from Kubernetes 1.28, label) holding a pod's completion index. */
    public static final String INDEX = "batch.kubernetes.io/job-completion-index";

    /** The stages of a shard's pod, in the order they happen; the last three are final. */
    public enum Stage {
        PENDING("pending"), SCHEDULED("scheduled"), STARTED("started"), SUCCEEDED("succeeded"), FAILED("failed"), EVICTED("evicted");

        private final String word;

        Stage(String word) {
            this.word = word;
        }

        /** The word printed for it. */
        public String word() {
            return word;
        }

        /** Whether the pod is done: it will not change any more. */
        public boolean terminal() {
            return this == SUCCEEDED || this == FAILED || this == EVICTED;
        }
    }

    /** The view of a pod as the API server returned it. */
    public static PodView of(Pod pod) {
        String name = pod.getMetadata().getName();
        int index = index(pod.getMetadata().getAnnotations());
        if (index < 0) index = index(pod.getMetadata().getLabels());
        PodStatus s = pod.getStatus();
        String phase = s == null || s.getPhase() == null ? "Pending" : s.getPhase();
        String node = pod.getSpec() == null || pod.getSpec().getNodeName() == null ? null : pod.getSpec().getNodeName();
        switch (phase) {
            case "Succeeded":
                return new PodView(name, index, Stage.SUCCEEDED, node == null ? "" : "on " + node);
            case "Failed": {
                boolean evicted = "Evicted".equals(s.getReason()) || condition(s, "DisruptionTarget");
                String why = s.getReason() != null ? s.getReason() + (s.getMessage() == null ? "" : ": " + s.getMessage()) : terminated(s);
                return new PodView(name, index, evicted ? Stage.EVICTED : Stage.FAILED, why);
            }
            case "Running":
                return new PodView(name, index, Stage.STARTED, node == null ? "" : "on " + node);
            default: {
                if (condition(s, "PodScheduled") || node != null) {
                    return new PodView(name, index, Stage.SCHEDULED, node == null ? "" : "on " + node);
                }
                String why = s == null || s.getConditions() == null ? "" : s.getConditions().stream()
                        .filter(c -> "PodScheduled".equals(c.getType()) && c.getMessage() != null).map(PodCondition::getMessage)
                        .findFirst().orElse("");
                return new PodView(name, index, Stage.PENDING, why);
            }
        }
    }

    /** One line for the user, e.g. {@code shard 1 pod load-1-1-x7k2p: failed (Error, exit code 1)}. */
    public String line() {
        return "shard " + (index < 0 ? "?" : index) + " pod " + name + ": " + stage.word() + (detail.isEmpty() ? "" : " (" + detail + ")");
    }

    private static int index(Map<String, String> m) {
        String v = m == null ? null : m.get(INDEX);
        if (v == null) return -1;
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean condition(PodStatus s, String type) {
        List<PodCondition> cs = s == null ? null : s.getConditions();
        return cs != null && cs.stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static String terminated(PodStatus s) {
        if (s.getContainerStatuses() != null) {
            for (ContainerStatus c : s.getContainerStatuses()) {
                var t = c.getState() == null ? null : c.getState().getTerminated();
                if (t != null) return (t.getReason() == null ? "terminated" : t.getReason()) + ", exit code " + t.getExitCode();
            }
        }
        return "no reason given";
    }
}
