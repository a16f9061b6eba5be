package dev.stampede.core.report;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FmtTest {

    @Test
    void headerMapsReadAsKeyValuePairsNotJavaToString() {
        Map<String, Object> jvm = new LinkedHashMap<>();
        jvm.put("version", "25");
        Map<String, Object> generator = new LinkedHashMap<>();
        generator.put("cores", 2);
        generator.put("jvm", jvm);
        generator.put("flags", List.of("a", "b"));

        assertThat(Fmt.plain(generator)).isEqualTo("cores: 2, jvm: (version: 25), flags: a, b");
        assertThat(Fmt.plain("PostgreSQL 18")).isEqualTo("PostgreSQL 18");
    }
}
