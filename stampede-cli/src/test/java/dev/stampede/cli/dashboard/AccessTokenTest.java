package dev.stampede.cli.dashboard;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AccessTokenTest {
    private final AccessToken token = new AccessToken("abcdefghijklmnop0123");

    @Test
    void acceptsTheTokenInTheQueryOrACookieOnly() {
        assertThat(token.inQuery("token=abcdefghijklmnop0123")).isTrue();
        assertThat(token.inQuery("x=1&token=abcdefghijklmnop0123")).isTrue();
        assertThat(token.inQuery("token=abcdefghijklmnop012")).isFalse();
        assertThat(token.inQuery("token=abcdefghijklmnop01234")).isFalse();
        assertThat(token.inQuery("xtoken=abcdefghijklmnop0123")).isFalse();
        assertThat(token.inQuery(null)).isFalse();
        assertThat(token.inQuery("")).isFalse();
        assertThat(token.inCookies(List.of("a=b; stampede_dashboard=abcdefghijklmnop0123"))).isTrue();
        assertThat(token.inCookies(List.of("stampede_dashboard=wrong"))).isFalse();
        assertThat(token.inCookies(null)).isFalse();
        assertThat(token.matches(null)).isFalse();
    }

    @Test
    void randomTokensAreLongUrlSafeAndDistinct() {
        String a = AccessToken.random().value(), b = AccessToken.random().value();
        assertThat(a).matches("[A-Za-z0-9_-]{32}");
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void theCookieIsHttpOnlyAndSameSiteStrict() {
        assertThat(token.cookie()).isEqualTo("stampede_dashboard=abcdefghijklmnop0123; Path=/; HttpOnly; SameSite=Strict");
    }
}
