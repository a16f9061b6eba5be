package dev.stampede.postgres;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection budget against the PostgreSQL service on 5432: its numbers are the server's own
 * settings (read here independently with SHOW), a pool larger than the free slots is refused with those
 * numbers and the fix, and the pool monitor reports the size actually configured.
 */
class ConnectionBudgetIT {

    private static int show(PgTarget t, String setting) throws Exception {
        try (Connection c = t.open("stampede-test"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return Integer.parseInt(rs.getString(1));
        }
    }

    @Test
    void aPoolLargerThanTheServerIsRefusedWithTheServersOwnNumbers() throws Exception {
        PgTarget t = ItSupport.target("stampede_it_budget");
        int max = show(t, "max_connections");
        int superuser = show(t, "superuser_reserved_connections");
        ConnectionBudget b = t.connectionBudget();
        assertThat(b.maxConnections()).isEqualTo(max);
        assertThat(b.superuserReserved()).isEqualTo(superuser);
        assertThat(b.inUse()).isGreaterThanOrEqualTo(0).isLessThan(max);
        assertThat(b.free()).isEqualTo(max - superuser - b.reserved() - b.inUse());

        int pool = max + 10; // as --connections 400 against 100 slots
        ConnectionBudget.Check refused = b.check(pool, 1, false);
        assertThat(refused.verdict()).isEqualTo(ConnectionBudget.Verdict.REFUSED);
        assertThat(refused.mayRun()).isFalse();
        assertThat(refused.message())
                .contains("max_connections = " + max)
                .contains(superuser + " reserved for superusers")
                .contains("pool maximum " + pool + " + 1 monitoring")
                .contains("Lower --connections or --pool-size to " + (b.free() - 1 - b.headroom()) + " or less")
                .contains("ALTER SYSTEM SET max_connections")
                .contains("--allow-connection-exhaustion")
                .contains("127.0.0.1:5432");

        ConnectionBudget.Check allowed = b.check(pool, 1, true);
        assertThat(allowed.verdict()).isEqualTo(ConnectionBudget.Verdict.ALLOWED_EXHAUST);
        assertThat(allowed.mayRun()).isTrue();

        assertThat(b.check(2, 1, false).verdict()).isEqualTo(ConnectionBudget.Verdict.FITS);
    }

    @Test
    void connectionsOpenedElsewhereCountAsInUse() throws Exception {
        PgTarget t = ItSupport.target("stampede_it_budget");
        // other test runs may share the service, so compare against a count taken inside the same moment
        try (Connection a = t.open("stampede-it-budget"); Connection b = t.open("stampede-it-budget");
             Connection c = t.open("stampede-it-budget")) {
            ConnectionBudget budget = t.connectionBudget();
            long ours;
            try (Statement s = a.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'stampede-it-budget'")) {
                rs.next();
                ours = rs.getLong(1);
            }
            assertThat(ours).isEqualTo(3);
            assertThat(budget.inUse()).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void thePoolMonitorReportsTheConfiguredMaximumAndThePeakItReallyHeld() throws Exception {
        PgTarget t = PgTarget.connect(DatabaseUrl.parse(ItSupport.URL, "test"),
                new DatabaseConfig(ItSupport.URL, 2, 3, Duration.ofMinutes(30), Duration.ofSeconds(5),
                        Duration.ofSeconds(30), "stampede_it_budget"));
        try (PgTarget.Pool pool = t.pool(10)) {
            assertThat(pool.max()).isEqualTo(5).isEqualTo(t.poolSize(10));
            pool.warm(Duration.ofSeconds(10));
            Map<String, Double> m = pool.monitor().sample();
            assertThat(m.get("max")).isEqualTo(5.0);
            assertThat(m.get("peak_total")).isEqualTo(2.0); // minimum idle 2, nothing borrowed yet
        }
    }
}
