package dev.stampede.migration;

import dev.stampede.core.advisor.Recommendation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Advice from a migration's report, each with its evidence: a backfill that cost users more latency than the budget
 * allows (lower its rate), a backfill that did not finish (raise it, or give it longer), acknowledged writes lost or
 * stores left different after the rollback (the order or the mirror lost data), dual-write divergence still open at the
 * end. Stateless.
 */
final class MigrationAdvice {
    private MigrationAdvice() {
    }

    static List<Recommendation> advise(MigrationReport r, MigrationConfig c) {
        List<Recommendation> out = new ArrayList<>();
        Backfill.Result b = r.backfill();
        PhaseImpact backfill = r.impact().stream().filter(i -> i.phase().equals("backfill")).findFirst().orElse(null);
        if (b != null && backfill != null && backfill.p95ChangePct() != null && backfill.p95ChangePct() > c.maxP95DegradationPct()) {
            double suggested = Math.max(1, b.rowsPerSec() * c.maxP95DegradationPct() / backfill.p95ChangePct());
            out.add(new Recommendation("medium", "The backfill's rate costs users more latency than the budget allows",
                    f("during the backfill (%.0f rows/s) users' p95 was %.2f ms, %+.1f %% against the baseline; the limit is +%.0f %%",
                            b.rowsPerSec(), backfill.p95Ms(), backfill.p95ChangePct(), c.maxP95DegradationPct()),
                    f("lower migration.backfill_rate (for example to about %.0f rows/s) and give the backfill phase a longer duration, "
                            + "or smaller batches (migration.backfill_batch, now %d) so each PostgreSQL transaction holds less", suggested, c.backfillBatch())));
        }
        if (b != null && !b.complete()) {
            out.add(new Recommendation("high", "The backfill did not finish in its window",
                    f("%d rows copied at %.0f rows/s in %.1f s before the phase ended; verify then compared an incomplete copy",
                            b.rows(), b.rowsPerSec(), b.seconds()),
                    "raise migration.backfill_rate or the backfill phase's duration, so the copy completes before verify"));
        }
        if (r.ackedWrites() != null && r.ackedWrites().lost() > 0) {
            out.add(new Recommendation("high", "Acknowledged writes were lost across the migration",
                    f("%d acknowledged writes are missing from %s, the primary at the end, for example %s", r.ackedWrites().lost(),
                            r.finalPrimary(), r.ackedWrites().lostSample()),
                    "check the phase order (migration.force lifts the safety rules) and the mirror writes: every write acknowledged on "
                            + "one store must reach the other before users are switched"));
        }
        Verifier.Consistency end = r.afterRollback();
        if (end != null && !end.clean() && end.when().equals("after rollback")) {
            out.add(new Recommendation("high", "The rollback left the stores different",
                    f("after the rollback %d records are missing, %d extra and %d mismatched against %s", end.missing(), end.extra(),
                            end.mismatched(), end.reference()),
                    "carry every write made during the cutover back to Redis before switching reads back (the router does this for "
                            + "the writes whose mirror failed; a command phase must do it itself)"));
        }
        if (r.dualWrite() != null && r.dualWrite().stillDivergent() > 0) {
            out.add(new Recommendation("medium", "Dual-write divergence was never repaired",
                    f("%d keys were still different between the stores at the end, the oldest for %.1f s (for example %s)",
                            r.dualWrite().stillDivergent(), r.dualWrite().oldestOpenS() == null ? 0 : r.dualWrite().oldestOpenS(),
                            r.dualWrite().sample()),
                    "retry or queue failed mirror writes, or run another backfill pass before the cutover"));
        }
        return out;
    }

    private static String f(String fmt, Object... a) { return String.format(Locale.ROOT, fmt, a); }
}
