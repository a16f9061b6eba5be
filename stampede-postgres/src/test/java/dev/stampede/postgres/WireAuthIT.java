package dev.stampede.postgres;

import dev.stampede.postgres.wire.ParamType;
import dev.stampede.postgres.wire.WireConnection;
import dev.stampede.postgres.wire.WireException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The wire driver's password authentication against a real server. The machine's PostgreSQL on 127.0.0.1:5432 trusts
 * every local connection (it never asks for a password), so this class starts its own embedded server (free port,
 * stopped at the end) whose pg_hba.conf asks role {@code stampede_it_wire_role} for SCRAM-SHA-256 and
 * {@code stampede_it_wire_md5} for md5; both roles are created here and go with the server.
 */
class WireAuthIT {
    private static final String PASSWORD = "Wire-It-Pw-7731";
    private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg;
    private static Path hba;

    @BeforeAll
    static void start() throws Exception {
        hba = Files.createTempFile("stampede-it-wire-hba", ".conf");
        Files.writeString(hba, """
                local all all trust
                host all stampede_it_wire_role 127.0.0.1/32 scram-sha-256
                host all stampede_it_wire_md5 127.0.0.1/32 md5
                host all all 127.0.0.1/32 trust
                host all all ::1/128 trust
                """);
        hba.toFile().setReadable(true, false);
        pg = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().setServerConfig("hba_file", hba.toString())
                .setPGStartupWait(Duration.ofSeconds(60)).start();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("SET password_encryption = 'scram-sha-256'");
            s.execute("CREATE ROLE stampede_it_wire_role LOGIN PASSWORD '" + PASSWORD + "'");
            s.execute("SET password_encryption = 'md5'");
            s.execute("CREATE ROLE stampede_it_wire_md5 LOGIN PASSWORD '" + PASSWORD + "'");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (pg != null) {
                try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                    s.execute("DROP ROLE IF EXISTS stampede_it_wire_role");
                    s.execute("DROP ROLE IF EXISTS stampede_it_wire_md5");
                }
                pg.close();
            }
        } finally {
            if (hba != null) Files.deleteIfExists(hba);
        }
    }

    private static DatabaseUrl url(String user, String password) {
        return DatabaseUrl.parse("postgresql://" + user + ":" + password + "@127.0.0.1:" + pg.getPort() + "/postgres", "test");
    }

    private static DatabaseConfig config() { return ItSupport.config("public", Duration.ofSeconds(30)); }

    @Test
    void scramAndMd5LogInAndRunAStatement() throws Exception {
        for (String role : List.of("stampede_it_wire_role", "stampede_it_wire_md5")) {
            try (WireConnection c = WireConnection.open(WireDriver.settings(url(role, PASSWORD), config()))) {
                assertThat(c.prepare("SELECT 1 WHERE current_user = 'stampede_it_wire_role' OR $1 = 1", List.of(ParamType.INT4))
                        .setInt(0, 1).execute()).isEqualTo(1);
                assertThat(c.parameters()).containsKey("server_version");
            }
        }
    }

    @Test
    void aWrongPasswordIsStampedesUsualMessageWithoutEitherPassword() {
        for (String role : List.of("stampede_it_wire_role", "stampede_it_wire_md5")) {
            DatabaseUrl bad = url(role, "Not-The-Pw-4412");
            WireException e = org.junit.jupiter.api.Assertions.assertThrows(WireException.class,
                    () -> WireConnection.open(WireDriver.settings(bad, config())));
            assertThat(e.getSQLState()).isEqualTo("28P01");
            assertThat(e.getMessage()).doesNotContain("Not-The-Pw-4412").doesNotContain(PASSWORD);
            assertThatThrownBy(() -> { throw ConnectErrors.configProblem(e, bad); })
                    .hasMessageContaining("refused the credentials of user '" + role + "'")
                    .hasMessageContaining("check the user and password in DATABASE_URL")
                    .hasMessageNotContaining("Not-The-Pw-4412").hasMessageNotContaining(PASSWORD);
        }
    }

    @Test
    void noPasswordInTheUrlWhenTheServerAsksForOneSaysSo() {
        DatabaseUrl none = DatabaseUrl.parse("postgresql://stampede_it_wire_role@127.0.0.1:" + pg.getPort() + "/postgres", "test");
        assertThatThrownBy(() -> WireConnection.open(WireDriver.settings(none, config())))
                .isInstanceOf(WireException.class).hasMessageContaining("asks for a password").hasMessageContaining("has none");
    }
}
