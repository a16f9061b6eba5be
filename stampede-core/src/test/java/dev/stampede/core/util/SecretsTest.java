package dev.stampede.core.util;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsTest {
    @Test
    void masksRegisteredSecretsAnywhere() {
        Secrets.register("hunter2-unique");
        assertThat(Secrets.redact("auth failed with hunter2-unique for x")).doesNotContain("hunter2-unique").contains("****");
    }

    @Test
    void masksCredentialShapedTextEvenWhenUnregistered() {
        assertThat(Secrets.redact("postgresql://bob:pa55word@db:5432/x")).isEqualTo("postgresql://bob:****@db:5432/x");
        assertThat(Secrets.redact("jdbc:postgresql://db/x?user=a&password=zz9&ssl=true")).doesNotContain("zz9");
        assertThat(Secrets.redact("password: \"s p a c e\"")).doesNotContain("s p a c e");
    }

    @Test
    void leavesOrdinaryTextAlone() {
        assertThat(Secrets.redact("SQLSTATE 40001: could not serialize access")).isEqualTo("SQLSTATE 40001: could not serialize access");
        assertThat(Secrets.redact(null)).isNull();
    }
}
