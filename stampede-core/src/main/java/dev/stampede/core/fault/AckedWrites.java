package dev.stampede.core.fault;

import dev.stampede.core.verdict.MetricVerdict;
import dev.stampede.core.verdict.Status;

import java.util.ArrayList;
import java.util.List;

/**
 * The verdicts of a {@link WriteLedger.Check}, the same for every workload that keeps a ledger (the {@code acked-writes}
 * workload's table, the migration's final primary store): {@code lost_acknowledged_writes} with the limit 0, and
 * {@code unclassified_writes} as a warning when a key was handed out without an outcome. Stateless.
 */
public final class AckedWrites {
    /** The headline verdict's metric name. */
    public static final String LOST = "lost_acknowledged_writes";

    private AckedWrites() {
    }

    /**
     * @param where what was read back, for the reason ({@code the table}, {@code redis, the primary at the end})
     */
    public static List<MetricVerdict> verdicts(WriteLedger.Check c, String where) {
        List<MetricVerdict> out = new ArrayList<>();
        out.add(new MetricVerdict(LOST, "Lost acknowledged writes", c.lost(), "writes", 0.0, "<=",
                c.lost() == 0 ? Status.PASSED : Status.FAILED, null, c.lost() == 0
                ? "all " + c.acknowledged() + " acknowledged writes are in " + where
                : c.lost() + " acknowledged writes are missing from " + where + ", for example keys " + c.lostSample()));
        if (!c.accountsForEveryKey()) {
            out.add(new MetricVerdict("unclassified_writes", "Writes without an outcome", c.pending(), "writes", 0.0, "<=",
                    Status.WARNING, null, c.pending() + " keys were handed out but their attempt never recorded an outcome"));
        }
        return out;
    }

    /** The verdict when the store could not be read back: failed, with the reason. */
    public static MetricVerdict unreadable(String why) {
        return new MetricVerdict(LOST, "Lost acknowledged writes", Double.NaN, "writes", 0.0, "<=", Status.FAILED, null, why);
    }
}
