package dev.stampede.postgres;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** When the wire driver runs and the one line that says why not. */
class WireDriverTest {
    private static DatabaseUrl url(String u) { return DatabaseUrl.parse(u, "test"); }

    @Test
    void plaintextSelectOnlyWithHeldConnectionsRuns() {
        assertThat(WireDriver.whyNot(url("postgresql://u@h/db"), true, "select-only", true, false)).isNull();
        assertThat(WireDriver.whyNot(url("postgresql://u@h/db?sslmode=prefer"), true, "select-only", true, false)).isNull();
        assertThat(WireDriver.whyNot(url("postgresql://u@h/db?sslmode=disable"), true, "select-only", true, false)).isNull();
    }

    @Test
    void tlsOtherParametersOtherWorkloadsAndPooledUsersFallBackSayingWhy() {
        assertThat(WireDriver.whyNot(url("postgresql://u@h/db?sslmode=require"), true, "select-only", true, false))
                .contains("sslmode=require").contains("TLS");
        assertThat(WireDriver.whyNot(url("postgresql://u@h/db?targetServerType=primary"), true, "select-only", true, false))
                .contains("targetServerType");
        assertThat(WireDriver.whyNot(url("postgresql://u@h/db"), false, "game", true, false)).contains("'game'").contains("select-only");
        assertThat(WireDriver.whyNot(url("postgresql://u@h/db"), true, "select-only", false, false)).contains("one connection per user");
        assertThat(WireDriver.whyNot(url("postgresql://h/db"), true, "select-only", true, false)).contains("no user");
        assertThat(WireDriver.whyNot(url("postgresql://u@h/db"), true, "select-only", true, true)).contains("statement-timeout");
    }

    @Test
    void settingsNeverShowThePassword() {
        var s = WireDriver.settings(url("postgresql://u:hunter2wire@h:5433/db"), ItSupport.config("s", java.time.Duration.ofSeconds(3)));
        assertThat(s.toString()).doesNotContain("hunter2wire").contains("u:****@h:5433/db");
        assertThat(s.startup().get("options")).isEqualTo("-c search_path=s,public -c statement_timeout=3000");
    }
}
