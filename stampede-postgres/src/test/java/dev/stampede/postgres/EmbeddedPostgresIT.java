package dev.stampede.postgres;

import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded default: durable settings, pg_stat_statements ready, and gone after close. */
class EmbeddedPostgresIT {
    @Test
    void startsDurableWithPgStatStatementsAndStopsCleanly() throws Exception {
        int port;
        try (EmbeddedPostgres pg = EmbeddedPostgres.start()) {
            port = pg.port();
            PgTarget t = PgTarget.connect(DatabaseUrl.parse(pg.url(), "embedded"), ItSupport.config("stampede", Duration.ofSeconds(30)));
            try (Connection c = t.open("it"); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT current_setting('fsync'), current_setting('synchronous_commit'), "
                        + "current_setting('full_page_writes'), current_setting('shared_preload_libraries')")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo("on");
                    assertThat(rs.getString(2)).isEqualTo("on");
                    assertThat(rs.getString(3)).isEqualTo("on");
                    assertThat(rs.getString(4)).contains("pg_stat_statements");
                }
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_statements")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isPositive();
                }
            }
        }
        assertThatThrownBy(() -> new Socket("localhost", port).close()).isInstanceOf(java.io.IOException.class);
    }
}
