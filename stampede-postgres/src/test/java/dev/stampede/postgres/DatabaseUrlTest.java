package dev.stampede.postgres;

import dev.stampede.core.config.ConfigException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseUrlTest {
    @Test
    void parsesLibpqStyleWithCredentialsAndParams() {
        DatabaseUrl u = DatabaseUrl.parse("postgresql://app:s%40cret@db.example:6543/shop?sslmode=require", "test");
        assertThat(u.host()).isEqualTo("db.example");
        assertThat(u.port()).isEqualTo(6543);
        assertThat(u.database()).isEqualTo("shop");
        assertThat(u.user()).isEqualTo("app");
        assertThat(u.password()).isEqualTo("s@cret");
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/shop?sslmode=require");
        assertThat(u.redacted()).isEqualTo("postgresql://app:****@db.example:6543/shop").doesNotContain("cret");
        assertThat(u.toString()).doesNotContain("s@cret");
    }

    @Test
    void parsesJdbcStyleWithUserAndPasswordParams() {
        DatabaseUrl u = DatabaseUrl.parse("jdbc:postgresql://localhost/test?user=bob&password=pw1&ApplicationName=x", "test");
        assertThat(u.port()).isEqualTo(5432);
        assertThat(u.user()).isEqualTo("bob");
        assertThat(u.password()).isEqualTo("pw1");
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/test?ApplicationName=x");
    }

    @Test
    void acceptsSqlalchemyDriverSuffixAndIpv6() {
        assertThat(DatabaseUrl.parse("postgresql+psycopg2://u@[::1]:5433/d", "t").host()).isEqualTo("[::1]");
        assertThat(DatabaseUrl.parse("postgres://u@h/d", "t").database()).isEqualTo("d");
    }

    @Test
    void malformedUrlsGetAClearMessageWithoutThePassword() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://root:topsecret@h/db", "environment DATABASE_URL"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not a PostgreSQL URL").hasMessageContaining("environment DATABASE_URL")
                .hasMessageContaining("postgresql://user@host:5432/dbname")
                .message().doesNotContain("topsecret");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://u:pw@h:99999/db", "t"))
                .hasMessageContaining("port '99999'");
    }
}
