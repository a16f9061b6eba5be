package dev.stampede.postgres;

import dev.stampede.core.api.TargetUnreachableException;
import dev.stampede.core.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each way of failing to connect gets one message that names the problem and the fix. */
class ConnectErrorsIT {
    private static PgTarget connect(String url) throws Exception {
        return PgTarget.connect(DatabaseUrl.parse(url, "test"), ItSupport.config("stampede", Duration.ofSeconds(30)));
    }

    @Test
    void nothingListeningIsUnreachableAndSaysWhatToCheck() {
        assertThatThrownBy(() -> connect("postgresql://postgres:pw-never-shown@127.0.0.1:1/test"))
                .isInstanceOf(TargetUnreachableException.class)
                .hasMessageContaining("127.0.0.1:1").hasMessageContaining("accepting TCP/IP connections")
                .message().doesNotContain("pw-never-shown");
    }

    @Test
    void unknownHostIsUnreachable() {
        assertThatThrownBy(() -> connect("postgresql://postgres@no-such-host.invalid:5432/test"))
                .isInstanceOf(TargetUnreachableException.class).hasMessageContaining("cannot be resolved");
    }

    @Test
    void missingDatabaseIsBadInput() {
        String url = ItSupport.URL.replaceAll("/[^/]*$", "/stampede_no_such_db");
        assertThatThrownBy(() -> connect(url))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'stampede_no_such_db' does not exist").hasMessageContaining("createdb");
    }

    @Test
    void rejectedCredentialsAreBadInputWithoutThePassword() {
        // the local service trusts every connection, so the server's answer is reproduced here
        DatabaseUrl url = DatabaseUrl.parse("postgresql://app:hunter22@db:5432/x", "test");
        PSQLException refused = new PSQLException("FATAL: password authentication failed for user \"app\"",
                PSQLState.INVALID_PASSWORD);
        RuntimeException e = ConnectErrors.configProblem(refused, url);
        assertThat(e).isInstanceOf(ConfigException.class);
        assertThat(e.getMessage()).contains("refused the credentials of user 'app'").contains("check the user and password")
                .doesNotContain("hunter22");
    }

    @Test
    void reachableServerConnectsAndReportsItsVersion() throws Exception {
        assertThat(connect(ItSupport.URL).serverVersion()).startsWith("PostgreSQL ");
    }
}
