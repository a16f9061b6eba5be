package dev.stampede.http.report;

import dev.stampede.core.report.HtmlOut;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HttpSectionTest {
    private static HttpReport report(HttpReport.Honoured honoured) {
        var e = new HttpReport.Endpoint("polite", "limited", "GET", "/api/upload", 10, 0, 4, 0, 6, 0, 0, 6, 0.6, Map.of("2", 6L),
                1000, 500, 100, 50, null, honoured);
        return new HttpReport("http://127.0.0.1:1", "test", "nio", "per-user", 2, 0, 2, 10, 6, 0.6, List.of("polite"), List.of(e), null,
                Map.of("HTTP/1.1", 10L));
    }

    @Test
    void honouredWaitsGetATableOfTheirOwnInMarkdownAndHtmlAndOnlyWhenThereAreAny() {
        HttpSection section = new HttpSection();
        StringBuilder md = new StringBuilder();
        section.markdown(report(new HttpReport.Honoured(6, 12.0, 1, 0)), md);
        assertThat(md).contains("#### HTTP: Retry-After honoured").contains("| polite | limited | 6 | 12.0 | 2.00 | 1 | 0 |");
        HtmlOut html = new HtmlOut();
        section.html(report(new HttpReport.Honoured(6, 12.0, 1, 0)), html);
        assertThat(html.html()).contains("HTTP: Retry-After honoured").contains("2.00");

        StringBuilder none = new StringBuilder();
        section.markdown(report(null), none);
        assertThat(none).contains("### HTTP").doesNotContain("Retry-After honoured");
    }
}
