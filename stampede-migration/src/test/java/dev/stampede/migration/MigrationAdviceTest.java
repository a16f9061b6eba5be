package dev.stampede.migration;

import dev.stampede.core.advisor.Recommendation;
import dev.stampede.core.fault.WriteLedger;
import dev.stampede.core.verdict.Status;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationAdviceTest {
    private static final MigrationConfig CONFIG = new MigrationConfig(List.of(MigrationPhase.of(PhaseKind.BASELINE)), 4000, 200, 10, 2,
            20, 1, Status.WARNING, false, 1, 0, 0);

    private static MigrationReport report(PhaseImpact backfill, Backfill.Result b, WriteLedger.Check acked, Verifier.Consistency end) {
        return new MigrationReport(List.of(), List.of(), backfill == null ? List.of() : List.of(backfill), b,
                new Divergence.Snapshot(0, 0, 0, null, null, null, List.of(), Map.of()),
                new ShadowReads.Snapshot(0, 0, 0, 0, 0, List.of()), List.of(), null, end, "redis", acked, Map.of(), Map.of(), null);
    }

    @Test
    void aBackfillOverTheLatencyBudgetGetsALowerRateInProportion() {
        PhaseImpact slow = new PhaseImpact("backfill", 10, 100, 100, 0, 1, 5, 9, 10, 0, 80.0, 50.0, 0.0, 0.0, Status.WARNING, "");
        List<Recommendation> r = MigrationAdvice.advise(report(slow, new Backfill.Result(4000, 4000, 1, true, List.of(), 4000), null, null), CONFIG);
        assertThat(r).hasSize(1);
        assertThat(r.getFirst().evidence()).contains("+80.0 %").contains("4000 rows/s");
        assertThat(r.getFirst().action()).contains("about 1000 rows/s");
    }

    @Test
    void withinTheBudgetAndCleanThereIsNothingToSay() {
        PhaseImpact ok = new PhaseImpact("backfill", 10, 100, 100, 0, 1, 5, 9, 10, 0, 10.0, 5.0, 0.0, 0.0, Status.PASSED, "");
        Verifier.Consistency clean = new Verifier.Consistency("after rollback", "redis", 10, 0, 0, 0, 0, List.of(), List.of(), List.of(), List.of());
        assertThat(MigrationAdvice.advise(report(ok, new Backfill.Result(10, 10, 1, true, List.of(), 10), null, clean), CONFIG)).isEmpty();
    }

    @Test
    void lostWritesAndARollbackThatLeftDifferencesAreHighSeverity() {
        WriteLedger l = new WriteLedger();
        long k = l.nextKey();
        l.acknowledged(k);
        Verifier.Consistency dirty = new Verifier.Consistency("after rollback", "redis", 10, 2, 0, 1, 3, List.of(), List.of(), List.of(), List.of());
        List<Recommendation> r = MigrationAdvice.advise(report(null, new Backfill.Result(5, 5, 1, false, List.of(), 5),
                l.check(sink -> { }), dirty), CONFIG);
        assertThat(r).extracting(Recommendation::title).containsExactly("The backfill did not finish in its window",
                "Acknowledged writes were lost across the migration", "The rollback left the stores different");
        assertThat(r).extracting(Recommendation::severity).containsOnly("high");
        assertThat(r.get(2).evidence()).contains("2 records are missing, 0 extra and 1 mismatched");
    }
}
