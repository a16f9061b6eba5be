package dev.stampede.postgres.workload;

import dev.stampede.core.api.Operation;
import dev.stampede.core.api.OperationContext;
import dev.stampede.core.api.Outcome;
import dev.stampede.core.engine.NanoClock;
import dev.stampede.postgres.ItSupport;
import dev.stampede.postgres.OwnSchema;
import dev.stampede.postgres.PgTarget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The financial and repository workloads load and every one of their operations succeeds on the real server. */
class SuiteWorkloadsIT {
    static final String SCHEMA = "stampede_it_suite";
    static PgTarget target;

    @BeforeAll
    static void load() throws Exception {
        target = ItSupport.target(SCHEMA);
        ItSupport.dropSchema(target, SCHEMA);
        try (Connection c = target.open("it")) {
            FinancialWorkload.load(c, new OwnSchema(SCHEMA), 1);
            RepositoryWorkload.load(c, new OwnSchema(SCHEMA), 1);
        }
    }

    @AfterAll
    static void clean() throws Exception {
        ItSupport.dropSchema(target, SCHEMA);
    }

    private static void everyOperationSucceeds(List<Grouped> ops) throws InterruptedException {
        OperationContext ctx = new OperationContext(new SplittableRandom(3), NanoClock.SYSTEM);
        for (Grouped g : ops) {
            Operation op = g.entry().operation();
            for (int i = 0; i < 3; i++) {
                ctx.beginAttempt();
                Outcome o = op.call(ctx);
                assertThat(o.isOk()).as(op.name() + ": " + o).isTrue();
            }
        }
    }

    @Test
    void financialTablesAreLoadedAndEveryQueryRuns() throws Exception {
        try (Connection c = target.open("it"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM " + SCHEMA + ".users), (SELECT count(*) FROM "
                     + SCHEMA + ".financial_questionnaire_submissions), (SELECT count(*) FROM " + SCHEMA + ".user_health_checkins)")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1000);
            assertThat(rs.getLong(2)).isEqualTo(12_000);
            assertThat(rs.getLong(3)).isEqualTo(30_000);
        }
        try (PgTarget.Pool pool = target.pool(1)) {
            List<Grouped> ops = FinancialWorkload.operations(pool.dataSource(), new OwnSchema(SCHEMA), 1, 0.8, 3);
            assertThat(ops).extracting(g -> g.entry().operation().name()).contains("monthly_summary", "savings_rate",
                    "running_balance", "category_breakdown", "wellness_overview", "submit_questionnaire");
            everyOperationSucceeds(ops);
        }
    }

    @Test
    void repositoryOperationsRunAndSubsetsSelectByGroupOrName() throws Exception {
        try (PgTarget.Pool pool = target.pool(1)) {
            List<Grouped> ops = RepositoryWorkload.operations(pool.dataSource(), new OwnSchema(SCHEMA), 1, 3);
            everyOperationSucceeds(ops);
            assertThat(Grouped.select(ops, List.of("pagination"))).extracting(e -> e.operation().name())
                    .containsExactly("page_10", "page_25", "page_50", "page_100");
            assertThat(Grouped.select(ops, List.of("get_by_id", "tx_5"))).extracting(e -> e.operation().name())
                    .containsExactly("get_by_id", "tx_5");
        }
        try (Connection c = target.open("it"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + SCHEMA + ".repo_audit_log")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(3 * (1 + 5 + 10 + 20));
        }
    }
}
