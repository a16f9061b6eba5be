package dev.stampede.core.advisor;

import dev.stampede.core.engine.LoadModel;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.engine.Stall;
import dev.stampede.core.metrics.ErrorSummary;
import dev.stampede.core.metrics.OperationSummary;
import dev.stampede.core.verdict.ScenarioFacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Rules that need only the engine's measurements, whatever the target: stalls, pool waits, slow
 * operations, retries, errors, dropped arrivals and a saturated load generator.
 */
final class GenericRules {
    private GenericRules() {
    }

    static final List<AdvisorRule> ALL = List.of(GenericRules::stalls, GenericRules::poolWait, GenericRules::slowOperations,
            GenericRules::retries, GenericRules::poolTimeouts, GenericRules::droppedArrivals,
            GenericRules::unknownOutcomes, GenericRules::generatorSaturated);

    /** One recommendation per stall window ({@link dev.stampede.core.engine.Stall}), severity high. */
    static List<Recommendation> stalls(ScenarioRun run, AdvisorContext ctx) {
        List<Recommendation> out = new ArrayList<>();
        for (Stall s : run.stalls()) {
            out.add(new Recommendation("high", f("The server stopped answering for %.0f s (from %.0f s to %.0f s) while %d attempts were in flight",
                            s.seconds(), s.startSecond(), s.endSecond(), s.inFlight()),
                    f("no attempt completed (or under 1%% of the best rate) from second %.1f to %.1f of the scenario, phase '%s', "
                                    + "with up to %d attempts in flight on %s; their latency includes the stall",
                            s.startSecond(), s.endSecond(), s.phase(), s.inFlight(), String.join(", ", s.operations())),
                    "Find what held the server then, before tuning queries: a lock held by another session (pg_locks, "
                            + "pg_blocking_pids), a checkpoint or I/O storm (log_checkpoints, checkpoint_timeout, max_wal_size, "
                            + "disk latency), or a paused host, VM or container. The slow samples of these operations are the "
                            + "stall's, not their query plans'."));
        }
        return out;
    }

    static List<Recommendation> poolWait(ScenarioRun run, AdvisorContext ctx) {
        OperationSummary all = run.metrics().all();
        if (all.acquire().count() == 0) return List.of();
        double acq = all.acquire().p95Ms();
        double exec = all.execution().p95Ms();
        if (acq < 5 || acq < 0.2 * all.latency().p95Ms()) return List.of();
        OptionalDouble waiting = ScenarioFacts.peak(run, "pool", "waiting");
        return List.of(new Recommendation("high", "Connection pool is a bottleneck",
                f("p95 pool acquire time %.1f ms against p95 execution time %.1f ms; pool maximum %d%s",
                        acq, exec, ctx.poolMax(), waiting.isPresent() ? f(", up to %.0f attempts waiting", waiting.getAsDouble()) : ""),
                "Raise the pool size (database.pool_size / DB_POOL_SIZE, plus max_overflow) towards the number of "
                        + "concurrent users, as far as the server's max_connections allows; or put a connection pooler "
                        + "such as PgBouncer in front if the server cannot take more connections."));
    }

    static List<Recommendation> slowOperations(ScenarioRun run, AdvisorContext ctx) {
        Double limit = ctx.thresholds().maxDbQueryTimeMs();
        Double p95Limit = ctx.thresholds().maxP95ResponseTimeMs();
        List<Recommendation> out = new ArrayList<>();
        for (OperationSummary op : run.metrics().operations()) {
            if (op.attempts() == 0) continue;
            boolean slowExec = limit != null && op.execution().meanMs() > limit;
            boolean slowP95 = p95Limit != null && op.latency().p95Ms() > p95Limit;
            if (!slowExec && !slowP95) continue;
            // a server stall explains this operation's slow samples: the stall rule names it, no query advice
            if (run.stallExplains(op.name())) continue;
            boolean contended = op.retries() > 0;
            out.add(new Recommendation("medium", "Operation '" + op.name() + "' is slow",
                    f("mean execution %.1f ms (limit %s), p95 latency %.1f ms (limit %s) over %d attempts%s",
                            op.execution().meanMs(), limit == null ? "none" : f("%.0f ms", limit),
                            op.latency().p95Ms(), p95Limit == null ? "none" : f("%.0f ms", p95Limit), op.attempts(),
                            contended ? f(", with %d retries after conflicts", op.retries()) : ""),
                    contended
                            ? "Its time goes to waiting for rows other transactions hold and to retrying conflicts: see the lock "
                            + "waits, shorten the transaction and take its locks in one consistent order."
                            : "Run EXPLAIN (ANALYZE, BUFFERS) on the statement behind '" + op.name() + "'; look for sequential "
                            + "scans on large tables and add an index on the filter columns, or reduce the rows it reads."));
        }
        return out;
    }

    static List<Recommendation> retries(ScenarioRun run, AdvisorContext ctx) {
        List<Recommendation> out = new ArrayList<>();
        for (OperationSummary op : run.metrics().operations()) {
            if (op.attempts() == 0 || op.retriedAttempts() == 0) continue;
            double pct = 100.0 * op.retriedAttempts() / op.attempts();
            if (pct < 1) continue;
            out.add(new Recommendation(pct >= 5 ? "high" : "medium", "Transactions of '" + op.name() + "' conflict and are retried",
                    f("%d of %d attempts (%.1f%%) needed retries after serialization or deadlock failures, %d retries in all",
                            op.retriedAttempts(), op.attempts(), pct, op.retries()),
                    "Shorten the conflicting transactions, touch rows in one consistent order, and avoid updating the same "
                            + "hot rows (counters) from many sessions; keep the application's retry loop, it is needed."));
        }
        return out;
    }

    static List<Recommendation> poolTimeouts(ScenarioRun run, AdvisorContext ctx) {
        for (ErrorSummary e : run.metrics().all().errors()) {
            if (e.code().equals("pool")) {
                return List.of(new Recommendation("high", "Attempts timed out waiting for a pooled connection",
                        f("%d attempts found no free connection within the pool timeout (pool maximum %d)", e.total(), ctx.poolMax()),
                        "Raise the pool size or the pool timeout (database.pool_timeout), or lower the concurrency; "
                                + "check for long transactions holding connections."));
            }
        }
        return List.of();
    }

    static List<Recommendation> droppedArrivals(ScenarioRun run, AdvisorContext ctx) {
        boolean open = run.plan().phases().stream().anyMatch(p -> p.model() instanceof LoadModel.Open);
        if (!open) return List.of();
        long dropped = run.metrics().droppedArrivals();
        double lagP99 = run.metrics().startLag().p99Ms();
        if (dropped == 0 && lagP99 < 100) return List.of();
        return List.of(new Recommendation("medium", "The requested arrival rate was not sustained",
                f("%d arrivals dropped; p99 start lag %.1f ms (how late attempts began against their schedule)", dropped, lagP99),
                "The target is slower than the requested rate allows, or the in-flight limit (connections) is too low: "
                        + "latency here includes queueing. Lower --qps-target to find the sustainable rate, or raise --connections."));
    }

    static List<Recommendation> unknownOutcomes(ScenarioRun run, AdvisorContext ctx) {
        long u = run.metrics().all().unknown();
        if (u == 0) return List.of();
        return List.of(new Recommendation("medium", "Some attempts ended with an unknown outcome",
                f("%d attempts lost their connection (or were stopped) after sending work, so their effect is unknown", u),
                "Make writes idempotent (natural keys, ON CONFLICT) so a retried attempt cannot apply twice; check the "
                        + "server log and network for dropped connections."));
    }

    static List<Recommendation> generatorSaturated(ScenarioRun run, AdvisorContext ctx) {
        OptionalDouble cpu = ScenarioFacts.mean(run, "generator", "process_cpu_percent");
        if (cpu.isEmpty() || cpu.getAsDouble() < 70) return List.of();
        return List.of(new Recommendation("low", "The load generator itself was busy",
                f("Stampede's own process used %.0f%% of the machine's CPU on average", cpu.getAsDouble()),
                "Run Stampede on a separate machine from the database, or lower the load, so that the measured "
                        + "latency is the target's and not the generator's."));
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
