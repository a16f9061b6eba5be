package dev.stampede.postgres.health;

import dev.stampede.postgres.DatabaseUrl;
import dev.stampede.postgres.ItSupport;
import dev.stampede.postgres.PgTarget;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without pg_stat_statements or pg_read_all_stats the report says what is missing and how to enable
 * it, and everything else still runs. Uses the PostgreSQL service (which has no pg_stat_statements
 * preloaded) and a login role without privileges that the test creates and drops.
 */
class LeastPrivilegeIT {
    @Test
    void missingExtensionAndPrivilegeAreReportedWithTheFixAndMonitoringStillRuns() throws Exception {
        PgTarget admin = ItSupport.target("stampede");
        try (Connection c = admin.open("it"); Statement s = c.createStatement()) {
            s.execute("DROP ROLE IF EXISTS stampede_it_limited");
            s.execute("CREATE ROLE stampede_it_limited LOGIN");
        }
        try {
            String url = ItSupport.URL.replaceFirst("://[^@/]*@", "://stampede_it_limited@");
            PgTarget limited = PgTarget.connect(DatabaseUrl.parse(url, "test"), ItSupport.config("stampede", Duration.ofSeconds(30)));
            try (PgHealth health = PgHealth.open(limited)) {
                Capabilities caps = health.capabilities();
                assertThat(caps.readAllStats()).isFalse();
                assertThat(caps.missing()).anySatisfy(m -> assertThat(m).contains("GRANT pg_read_all_stats TO stampede_it_limited;"));
                if (!caps.pgStatStatements()) {
                    assertThat(caps.missing()).anySatisfy(m -> assertThat(m)
                            .contains("shared_preload_libraries").contains("CREATE EXTENSION pg_stat_statements"));
                }
                PgHealth.Session db = health.begin();
                for (var m : db.monitors()) assertThat(m.sample()).as(m.name()).isNotEmpty();
            }
        } finally {
            try (Connection c = admin.open("it"); Statement s = c.createStatement()) {
                s.execute("DROP ROLE IF EXISTS stampede_it_limited");
            }
        }
    }
}
