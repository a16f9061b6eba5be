package dev.stampede.postgres.pgbench;

import dev.stampede.core.api.Workload;
import dev.stampede.core.config.CustomStatement;
import dev.stampede.core.engine.LoadModel;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.metrics.OperationSummary;
import dev.stampede.postgres.ItSupport;
import dev.stampede.postgres.OwnSchema;
import dev.stampede.postgres.PgTarget;
import dev.stampede.postgres.workload.CustomWorkload;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A custom workload transaction: a value read by one statement is bound in the next, the whole runs in one
 * REPEATABLE READ transaction, and conflicts on a few hot rows are retried as a whole; the database must show
 * exactly one transfer row and one debit per success.
 */
class CustomTransactionIT {
    static final String SCHEMA = "stampede_it_customtx";
    static PgTarget target;

    @BeforeAll
    static void load() throws Exception {
        target = ItSupport.freshSchema(SCHEMA,
                "CREATE TABLE accounts (id int PRIMARY KEY, balance bigint NOT NULL)",
                "CREATE TABLE transfers (src int NOT NULL, amount int NOT NULL)",
                "INSERT INTO accounts SELECT i, 1000000 FROM generate_series(1, 3) i");
    }

    @AfterAll
    static void clean() throws Exception {
        ItSupport.dropSchema(target, SCHEMA);
    }

    @Test
    void valuesFlowBetweenStatementsAndConflictsRetryTheWhole() throws Exception {
        CustomStatement transfer = new CustomStatement("transfer", null, 1, Map.of(
                "id", new CustomStatement.ParamSpec("int", "uniform", 1, 3, 12, 0.99, List.of()),
                "amount", new CustomStatement.ParamSpec("int", "uniform", 1, 50, 12, 0.99, List.of())), List.of(
                "SELECT id AS src, balance FROM " + SCHEMA + ".accounts WHERE id = :id",
                "UPDATE " + SCHEMA + ".accounts SET balance = :balance - :amount WHERE id = :src",
                "INSERT INTO " + SCHEMA + ".transfers (src, amount) VALUES (:src, :amount)"));
        try (PgTarget.Pool pool = target.pool(4); Connection c = target.open("it")) {
            Workload w = CustomWorkload.create(pool.dataSource(), new OwnSchema(SCHEMA), List.of(transfer), 50, "REPEATABLE READ");
            ScenarioRun r = ItSupport.run(pool, w, new PhasePlan("steady", new LoadModel.Closed(4, Duration.ZERO, Duration.ZERO),
                    Duration.ofSeconds(2), 0, true));
            OperationSummary all = r.metrics().all();
            assertThat(all.ok()).isPositive();
            // read-then-write of a balance read in the same REPEATABLE READ transaction: lost updates would show as a
            // mismatch below; the server refuses them with 40001 and the whole transaction is retried
            assertThat(all.retries()).isPositive();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT (SELECT 3000000 - sum(balance) FROM " + SCHEMA
                    + ".accounts), (SELECT coalesce(sum(amount), 0) FROM " + SCHEMA + ".transfers), (SELECT count(*) FROM " + SCHEMA + ".transfers)")) {
                rs.next();
                assertThat(rs.getLong(1)).as("debits = transfers").isEqualTo(rs.getLong(2));
                assertThat(rs.getLong(3)).as("one transfer per success").isEqualTo(all.ok());
            }
            ScriptStats.Snapshot st = ((ScriptOperation) w.operations().get(0)).stats().snapshot();
            assertThat(st.retries().get("serialization")).isEqualTo(all.retries());
        }
    }
}
