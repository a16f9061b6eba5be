package dev.stampede.postgres.health;

import dev.stampede.core.report.HtmlOut;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HealthHtmlTest {
    private static final String EVIL = "<script>alert(1)</script></script>";

    @Test
    void rendersTablesWithSqlTextEscaped() {
        StatementDelta st = new StatementDelta(1, "SELECT '" + EVIL + "' FROM t WHERE id = $1", 10, 5.5, 0.55, 10, 40, 0, 0);
        CrossCheck cc = new CrossCheck("get_" + EVIL, 10, 1.2, 0.1, 10, 0.55, 0.65, false, 0.0, 0.55, st.query());
        CommitCheck commit = new CommitCheck(10, 10, 12, 2, 0, 10, 0, 0, 0, 0, true, true, true, "measured phase to its end",
                List.of(), List.of());
        HealthReport h = new HealthReport(new Capabilities(180000, true, true, 100, "app", List.of()),
                Map.of("commits", 12.0, "cache_hit_percent", 99.5), "the measured phases", List.of(st), List.of(st),
                List.of(new TableDelta("stampede", "t", 1, 10, 5, 0, 0, 0, 10, 0, 8192, 0)), List.of(),
                List.of(new HealthEvidence.IdleInTransaction(42, null, 1.5, EVIL)), List.of(), List.of(), List.of(cc), commit,
                null, List.of(), List.of(), List.of());
        HtmlOut out = new HtmlOut();
        new HealthSection().html(h, out);
        String html = out.html();
        assertThat(html).doesNotContain("<script").contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;/script&gt;")
                .contains("<h4>Top statements by total time").contains("<h4>Client against server time")
                .contains("<h4>Commit check").contains("<h4>Tables").contains("<h4>Idle in transaction")
                .contains("data-value=\"0.55\"");
    }
}
