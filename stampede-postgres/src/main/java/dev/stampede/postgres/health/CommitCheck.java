package dev.stampede.postgres.health;

import dev.stampede.core.api.Operation;
import dev.stampede.core.api.Workload;
import dev.stampede.core.metrics.OperationSummary;
import dev.stampede.postgres.Commits;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The client's successful attempts against the server's own commit counter over the same window: an
 * independent check that what Stampede counted is what PostgreSQL did.
 *
 * <p>Client side: each successful attempt commits {@link Commits#commitsPerSuccess()} transactions
 * (reads too: xact_commit counts every committed transaction). Failed attempts may have committed part
 * of their work (N autocommit statements) and unknown ones may have committed all of it, so the client
 * side is a range, {@code clientCommits} to {@code clientCommitsMax}. Server side: the xact_commit delta
 * minus the transactions Stampede's monitoring connection committed in the window and those the
 * statistics flush at the end edge committed.
 *
 * <p>A difference over {@value #TOLERANCE_PERCENT}% is reported with its likely causes. Immutable.
 *
 * @param serverCommitsRaw   xact_commit delta over the window, everything included
 * @param monitorCommits     Stampede's monitoring queries in the window (each an autocommit transaction)
 * @param flushCommits       the statistics flush's own transactions at the end edge
 * @param serverCommits      {@code serverCommitsRaw - monitorCommits - flushCommits}
 * @param serverRollbacks    xact_rollback delta (failed attempts, retried tries, rolled-back EXPLAINs are outside)
 * @param differencePercent  server minus the nearest end of the client range, in percent of {@code clientCommits}; 0 inside the range
 * @param comparable         false when some operation with successes does not declare its commits ({@code unknownOperations})
 * @param window             where the window starts and ends
 * @param causes             likely causes when the difference is over the tolerance, otherwise empty
 */
public record CommitCheck(long clientCommits, long clientCommitsMax, long serverCommitsRaw, long monitorCommits,
                          long flushCommits, long serverCommits, long serverRollbacks, long clientFailed, long clientRetries,
                          double differencePercent, boolean comparable, boolean consistent, boolean exactEdges,
                          String window, List<String> unknownOperations, List<String> causes) {

    /** Differences up to this share of the client's commits are agreement. */
    public static final double TOLERANCE_PERCENT = 1.0;

    /**
     * @param operations       the run's per-operation results (recorded phases only)
     * @param measuredStart    true when the window starts at the measured phase, false when at the scenario's start
     * @param measuredEnd      true when the window ends at the measured phase's end, false when after the pool closed
     * @param otherApplications other applications seen on the database during the scenario
     */
    static CommitCheck of(Workload workload, List<OperationSummary> operations, CommitEdge start, CommitEdge end,
                          boolean measuredStart, boolean measuredEnd, List<String> otherApplications) {
        Map<String, OperationSummary> byName = new HashMap<>();
        for (OperationSummary s : operations) byName.put(s.name(), s);
        long min = 0, max = 0, failed = 0, retries = 0;
        List<String> unknown = new ArrayList<>();
        for (Operation op : workload.operations()) {
            OperationSummary s = byName.get(op.name());
            if (s == null) continue;
            failed += s.failed();
            retries += s.retries();
            if (!(op instanceof Commits c)) {
                if (s.ok() > 0) unknown.add(op.name());
                continue;
            }
            int n = c.commitsPerSuccess();
            min += s.ok() * n;
            max += s.ok() * n + s.unknown() * n + s.failed() * Math.max(0, n - 1);
        }
        long raw = end.xactCommit() - start.xactCommit();
        long monitor = end.monitorTransactions() - start.monitorTransactions();
        long flush = end.flushCommits();
        long server = raw - monitor - flush;
        long rollbacks = end.xactRollback() - start.xactRollback();
        long off = server < min ? server - min : server > max ? server - max : 0;
        double pct = 100.0 * off / Math.max(1, min);
        boolean comparable = unknown.isEmpty();
        boolean consistent = comparable && Math.abs(pct) <= TOLERANCE_PERCENT;
        boolean exact = start.exact() && end.exact();
        List<String> causes = new ArrayList<>();
        if (comparable && !consistent) {
            if (off > 0) {
                if (!measuredStart) {
                    causes.add("the window starts before the warm-up (the measured phase's start was not marked), so "
                            + "warm-up attempts and connection set-up are on the server's side only");
                }
                if (!measuredEnd) {
                    causes.add("the window ends when the pool closed, so anything run after the measured phase is on the "
                            + "server's side only");
                }
                if (!otherApplications.isEmpty()) {
                    causes.add("other sessions committed on this database: " + String.join(", ", otherApplications)
                            + " (pg_stat_activity)");
                }
                causes.add("HikariCP validates a connection idle for more than 0.5 s before lending it, an empty "
                        + "transaction each (think time or a low arrival rate makes that frequent), and every connection it "
                        + "opens inside the window commits one transaction at session start");
                causes.add("an operation commits more transactions per success than it declares (Commits.commitsPerSuccess)");
            } else {
                causes.add("the server counted fewer commits than the client's successes: an operation declares more "
                        + "commits per success than it makes, or statistics were not yet published at the end edge");
            }
            if (!exact) {
                causes.add("an edge could not flush every session's statistics (PostgreSQL before 15, or a pool that was "
                        + "not flushed): backends publish their counters up to a second late");
            }
        }
        String window = start.where() + " to " + end.where();
        return new CommitCheck(min, max, raw, monitor, flush, server, rollbacks, failed, retries, pct, comparable, consistent,
                exact, window, List.copyOf(unknown), List.copyOf(causes));
    }

    /** One line for the report: agreement or the difference with its causes. */
    public String summary() {
        if (!comparable) {
            return "not compared: " + String.join(", ", unknownOperations) + " do not declare how many transactions a "
                    + "success commits";
        }
        String client = clientCommitsMax == clientCommits ? String.format(Locale.ROOT, "%,d", clientCommits)
                : String.format(Locale.ROOT, "%,d to %,d", clientCommits, clientCommitsMax);
        String head = String.format(Locale.ROOT, "client successes commit %s transactions; pg_stat_database counted %,d "
                        + "(%,d in all, less %,d of Stampede's monitoring and %,d of the statistics flush) over %s",
                client, serverCommits, serverCommitsRaw, monitorCommits, flushCommits, window);
        if (consistent) return head + String.format(Locale.ROOT, ": they agree (within %.0f%%)", TOLERANCE_PERCENT);
        return head + String.format(Locale.ROOT, ": %+.2f%%, likely because %s", differencePercent, String.join("; ", causes));
    }
}
