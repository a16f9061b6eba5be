package dev.stampede.core.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlEscapeTest {

    @Test
    void textAndAttributesCarryNoMarkup() {
        assertThat(HtmlEscape.text("<b a=\"1\" b='2'>&</b>")).isEqualTo("&lt;b a=&quot;1&quot; b=&#39;2&#39;&gt;&amp;&lt;/b&gt;");
        assertThat(HtmlEscape.attr("\" onmouseover=\"x")).doesNotContain("\"");
        assertThat(HtmlEscape.text(null)).isEmpty();
    }

    @Test
    void idsKeepOnlyLettersDigitsUnderscoreAndDash() {
        assertThat(HtmlEscape.id("repo-reads c1<script>")).isEqualTo("repo-reads_c1_script_");
        assertThat(HtmlEscape.id("")).isEqualTo("_");
    }

    @Test
    void scriptJsonCannotEndTheBlockAndParsesBackToTheSameString() throws Exception {
        String nasty = "</script><!-- & > \u2028\u2029 done";
        ObjectMapper m = new ObjectMapper();
        String safe = HtmlEscape.scriptJson(m.writeValueAsString(Map.of("k", nasty)));
        assertThat(safe).doesNotContain("<").doesNotContain(">").doesNotContain("&").doesNotContain("\u2028").doesNotContain("\u2029");
        assertThat(m.readTree(safe).get("k").asText()).isEqualTo(nasty);
    }
}
