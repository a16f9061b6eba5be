package dev.stampede.cli.k8s;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A pod's status as one stage of a shard, as the API server reports the cases the cluster produces. */
class PodViewTest {
    private static PodBuilder pod() {
        return new PodBuilder().withNewMetadata().withName("p").addToLabels(PodView.INDEX, "3").endMetadata();
    }

    @Test
    void anUnschedulablePodIsPendingWithTheSchedulersMessage() {
        Pod p = pod().withNewStatus().withPhase("Pending").addNewCondition().withType("PodScheduled").withStatus("False")
                .withReason("Unschedulable").withMessage("0/3 nodes are available: 3 Insufficient cpu.").endCondition().endStatus().build();
        PodView v = PodView.of(p);
        assertThat(v.index()).as("the index from the label when there is no annotation").isEqualTo(3);
        assertThat(v.line()).isEqualTo("shard 3 pod p: pending (0/3 nodes are available: 3 Insufficient cpu.)");
        assertThat(v.stage().terminal()).isFalse();
    }

    @Test
    void aFailedContainerGivesItsReasonAndExitCodeAndADisruptedPodIsEvicted() {
        Pod failed = pod().withNewStatus().withPhase("Failed").addNewContainerStatus().withName("stampede").withNewState()
                .withNewTerminated().withReason("OOMKilled").withExitCode(137).endTerminated().endState().endContainerStatus()
                .endStatus().build();
        assertThat(PodView.of(failed).line()).isEqualTo("shard 3 pod p: failed (OOMKilled, exit code 137)");
        Pod preempted = pod().withNewStatus().withPhase("Failed").addNewCondition().withType("DisruptionTarget").withStatus("True")
                .endCondition().endStatus().build();
        assertThat(PodView.of(preempted).stage()).isEqualTo(PodView.Stage.EVICTED);
        Pod evicted = pod().withNewStatus().withPhase("Failed").withReason("Evicted")
                .withMessage("The node was low on resource: memory.").endStatus().build();
        assertThat(PodView.of(evicted).line()).isEqualTo("shard 3 pod p: evicted (Evicted: The node was low on resource: memory.)");
    }

    @Test
    void aPodWithoutStatusIsPendingAndOneWithoutIndexIsShownAsUnknown() {
        PodView v = PodView.of(new PodBuilder().withNewMetadata().withName("q").endMetadata().build());
        assertThat(v.stage()).isEqualTo(PodView.Stage.PENDING);
        assertThat(v.index()).isEqualTo(-1);
        assertThat(v.line()).isEqualTo("shard ? pod q: pending");
    }
}
