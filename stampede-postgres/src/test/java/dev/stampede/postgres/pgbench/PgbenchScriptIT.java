package dev.stampede.postgres.pgbench;

import dev.stampede.core.api.ErrorClass;
import dev.stampede.core.api.Operation;
import dev.stampede.core.api.OperationContext;
import dev.stampede.core.api.Outcome;
import dev.stampede.core.api.Workload;
import dev.stampede.core.engine.LoadModel;
import dev.stampede.core.engine.NanoClock;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.metrics.OperationSummary;
import dev.stampede.postgres.ItSupport;
import dev.stampede.postgres.OwnSchema;
import dev.stampede.postgres.PgTarget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * pgbench scripts through the real engine against the real server, checked against the database: what the
 * scripts wrote must be exactly what they say (history deltas = balance changes, one history row per success).
 */
class PgbenchScriptIT {
    static final String SCHEMA = "stampede_it_pgbench";
    static PgTarget target;
    static PgbenchTables tables;

    /** Uniform and Zipfian \set, \gset (bid read back from the account), \sleep and a BEGIN/END block. */
    static final String SCRIPT = """
            -- a TPC-B variant whose branch comes from the account row
            \\set aid random_zipfian(1, 100000 * :scale, 1.2)
            \\set tid random(1, 10 * :scale)
            \\set delta random(-5000, 5000)
            BEGIN;
            UPDATE pgbench_accounts SET abalance = abalance + :delta WHERE aid = :aid;
            SELECT bid AS acct_bid, abalance FROM pgbench_accounts WHERE aid = :aid \\gset
            \\sleep 1 ms
            UPDATE pgbench_tellers SET tbalance = tbalance + :delta WHERE tid = :tid;
            UPDATE pgbench_branches SET bbalance = bbalance + :delta WHERE bid = :acct_bid;
            INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (:tid, :acct_bid, :aid, :delta, CURRENT_TIMESTAMP);
            END;
            """;

    @BeforeAll
    static void load() throws Exception {
        target = ItSupport.target(SCHEMA);
        ItSupport.dropSchema(target, SCHEMA);
        try (Connection c = target.open("it")) {
            tables = PgbenchTables.own(c, new OwnSchema(SCHEMA), 1);
        }
    }

    @AfterAll
    static void clean() throws Exception {
        ItSupport.dropSchema(target, SCHEMA);
    }

    private static long[] sums(Connection c) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT (SELECT coalesce(sum(delta), 0) FROM " + SCHEMA
                + ".pgbench_history), (SELECT sum(abalance) FROM " + SCHEMA + ".pgbench_accounts), (SELECT sum(tbalance) FROM " + SCHEMA
                + ".pgbench_tellers), (SELECT sum(bbalance) FROM " + SCHEMA + ".pgbench_branches), (SELECT count(*) FROM " + SCHEMA
                + ".pgbench_history), (SELECT count(*) FROM " + SCHEMA + ".pgbench_history WHERE aid = 1)")) {
            rs.next();
            return new long[]{rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)};
        }
    }

    @Test
    void scriptWritesMatchWhatItSays() throws Exception {
        Script script = ScriptParser.parse("tx.sql", SCRIPT, 1);
        try (PgTarget.Pool pool = target.pool(4); Connection c = target.open("it")) {
            long[] before = sums(c);
            Workload w = PgbenchWorkload.create(pool.dataSource(), List.of(script), tables, 3, null);
            ScenarioRun r = ItSupport.run(pool, w, new PhasePlan("steady", new LoadModel.Closed(4, Duration.ZERO, Duration.ZERO),
                    Duration.ofSeconds(3), 0, true));
            OperationSummary all = r.metrics().all();
            long[] after = sums(c);
            assertThat(all.ok()).isPositive();
            assertThat(all.failed() + all.unknown()).isZero();
            long deltas = after[0] - before[0];
            assertThat(after[1] - before[1]).as("accounts change = history deltas").isEqualTo(deltas);
            assertThat(after[2] - before[2]).as("tellers change = history deltas").isEqualTo(deltas);
            assertThat(after[3] - before[3]).as("branches change = history deltas").isEqualTo(deltas);
            assertThat(after[4] - before[4]).as("one history row per successful script run").isEqualTo(all.ok());
            // Zipf(1.2) over 100,000 accounts puts about 1 in 5 draws on aid 1; uniform would be 1 in 100,000
            assertThat((after[5] - before[5]) * 20).isGreaterThan(after[4] - before[4]);
            // \gset read the account's own branch: every history row's bid is its account's bid
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + SCHEMA + ".pgbench_history h JOIN "
                    + SCHEMA + ".pgbench_accounts a USING (aid) WHERE h.bid <> a.bid")) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
            ScriptStats.Snapshot st = ((ScriptOperation) w.operations().get(0)).stats().snapshot();
            assertThat(st.successes()).isEqualTo(all.ok());
            assertThat(st.count()[6]).as("\\sleep ran once per run").isEqualTo(all.ok());
            assertThat(st.nanos()[6] / st.count()[6]).as("\\sleep 1 ms takes at least 1 ms").isGreaterThanOrEqualTo(1_000_000L);
        }
    }

    @Test
    void everyBuiltinRunsUnchanged() throws Exception {
        try (PgTarget.Pool pool = target.pool(1); Connection c = target.open("it")) {
            for (String name : BuiltinScripts.names()) {
                long[] before = sums(c);
                Workload w = PgbenchWorkload.create(pool.dataSource(), PgbenchWorkload.parse(List.of(name)), tables, 1, null);
                Operation op = w.operations().get(0);
                OperationContext ctx = new OperationContext(new SplittableRandom(5), NanoClock.SYSTEM);
                for (int i = 0; i < 20; i++) {
                    ctx.beginAttempt();
                    Outcome o = op.call(ctx);
                    assertThat(o.isOk()).as(name + ": " + o.message()).isTrue();
                }
                long[] after = sums(c);
                assertThat(after[4] - before[4]).as(name + " history rows").isEqualTo(name.equals("select-only") ? 0 : 20);
                assertThat(after[1] - before[1]).as(name + " accounts change = history deltas").isEqualTo(after[0] - before[0]);
            }
        }
    }

    @Test
    void divisionByZeroFailsTheAttemptAsClientErrorAndRollsBack() throws Exception {
        Script script = ScriptParser.parse("bad.sql", """
                BEGIN;
                UPDATE pgbench_branches SET bbalance = bbalance + 1 WHERE bid = 1;
                \\set x 1 / (:scale - :scale)
                END;
                """, 1);
        try (PgTarget.Pool pool = target.pool(1); Connection c = target.open("it")) {
            long[] before = sums(c);
            Workload w = PgbenchWorkload.create(pool.dataSource(), List.of(script), tables, 3, null);
            OperationContext ctx = new OperationContext(new SplittableRandom(5), NanoClock.SYSTEM);
            ctx.beginAttempt();
            Outcome o = w.operations().get(0).call(ctx);
            assertThat(o.isOk()).isFalse();
            assertThat(o.error()).isEqualTo(ErrorClass.CLIENT_ERROR);
            assertThat(o.message()).isEqualTo("bad.sql:3: division by zero");
            assertThat(sums(c)[3]).as("the open transaction was rolled back").isEqualTo(before[3]);
            // the pooled connection came back clean: a built-in runs on it
            Operation next = PgbenchWorkload.create(pool.dataSource(), PgbenchWorkload.parse(List.of("tpcb-like")), tables, 1, null)
                    .operations().get(0);
            ctx.beginAttempt();
            assertThat(next.call(ctx).isOk()).isTrue();
            ScriptStats.Snapshot st = ((ScriptOperation) w.operations().get(0)).stats().snapshot();
            assertThat(st.failed()).containsEntry("client-error", 1L);
            assertThat(st.failures()[2]).isEqualTo(1);
        }
    }

    @Test
    void serializationFailuresAreRetriedAsAWholeAndCountedByKind() throws Exception {
        Script script = ScriptParser.parse("hot.sql", """
                BEGIN;
                UPDATE pgbench_branches SET bbalance = bbalance + 1 WHERE bid = 1;
                INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (1, 1, 1, 1, CURRENT_TIMESTAMP);
                END;
                """, 1);
        try (PgTarget.Pool pool = target.pool(6); Connection c = target.open("it")) {
            long[] before = sums(c);
            Workload w = PgbenchWorkload.create(pool.dataSource(), List.of(script), tables, 50, "REPEATABLE READ");
            ScenarioRun r = ItSupport.run(pool, w, new PhasePlan("steady", new LoadModel.Closed(6, Duration.ZERO, Duration.ZERO),
                    Duration.ofSeconds(2), 0, true));
            OperationSummary all = r.metrics().all();
            ScriptStats.Snapshot st = ((ScriptOperation) w.operations().get(0)).stats().snapshot();
            assertThat(st.retries().getOrDefault("serialization", 0L)).isPositive();
            assertThat(st.retries().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(all.retries());
            long[] after = sums(c);
            // retried tries rolled back: exactly one increment and one history row per success
            assertThat(after[3] - before[3]).isEqualTo(all.ok());
            assertThat(after[4] - before[4]).isEqualTo(all.ok());
        }
    }
}
