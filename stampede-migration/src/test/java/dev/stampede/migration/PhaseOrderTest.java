package dev.stampede.migration;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PhaseOrderTest {
    private static List<MigrationPhase> of(PhaseKind... kinds) {
        List<MigrationPhase> out = new ArrayList<>();
        for (PhaseKind k : kinds) out.add(MigrationPhase.of(k));
        return out;
    }

    @Test
    void theDefaultOrderIsSafe() {
        List<MigrationPhase> all = new ArrayList<>();
        for (PhaseKind k : MigrationConfig.DEFAULT_ORDER) all.add(MigrationPhase.of(k));
        assertThat(PhaseOrder.problem(all, false)).isEmpty();
    }

    @Test
    void cutoverBeforeVerifyIsRefusedWithTheReasonUnlessForced() {
        List<MigrationPhase> p = of(PhaseKind.BASELINE, PhaseKind.DUAL_WRITE, PhaseKind.BACKFILL, PhaseKind.CUTOVER, PhaseKind.VERIFY);
        assertThat(PhaseOrder.problem(p, false)).hasValueSatisfying(w -> assertThat(w).contains("cutover before verify"));
        assertThat(PhaseOrder.problem(p, true)).isEmpty();
    }

    @Test
    void skippingAndSafeReorderingAreAccepted() {
        assertThat(PhaseOrder.problem(of(PhaseKind.DUAL_WRITE, PhaseKind.BACKFILL, PhaseKind.VERIFY), false)).isEmpty();
        assertThat(PhaseOrder.problem(of(PhaseKind.BASELINE, PhaseKind.DUAL_WRITE, PhaseKind.BACKFILL, PhaseKind.SHADOW_READS,
                PhaseKind.VERIFY, PhaseKind.CUTOVER), false)).isEmpty();
    }

    @Test
    void unsafeOrdersNameWhatWouldGoWrong() {
        assertThat(PhaseOrder.problem(of(PhaseKind.BASELINE, PhaseKind.BACKFILL), false)).hasValueSatisfying(
                w -> assertThat(w).contains("backfill without an earlier dual-write"));
        assertThat(PhaseOrder.problem(of(PhaseKind.DUAL_WRITE, PhaseKind.VERIFY), false)).hasValueSatisfying(
                w -> assertThat(w).contains("verify before any backfill"));
        assertThat(PhaseOrder.problem(of(PhaseKind.BASELINE, PhaseKind.ROLLBACK), false)).hasValueSatisfying(
                w -> assertThat(w).contains("nothing to roll back"));
        assertThat(PhaseOrder.problem(of(PhaseKind.DUAL_WRITE, PhaseKind.BACKFILL, PhaseKind.VERIFY, PhaseKind.CUTOVER,
                PhaseKind.SHADOW_READS), false)).hasValueSatisfying(w -> assertThat(w).contains("after cutover"));
    }

    @Test
    void aPhaseTwiceIsRefusedEvenWhenForced() {
        assertThat(PhaseOrder.problem(of(PhaseKind.BASELINE, PhaseKind.BASELINE), true)).hasValueSatisfying(
                w -> assertThat(w).contains("twice"));
    }
}
