package dev.stampede.redis;

import dev.stampede.core.config.ConfigException;
import dev.stampede.core.util.Secrets;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisUrlTest {

    @Test
    void plainUrlWithDatabaseIndex() {
        RedisUrl u = RedisUrl.parse("redis://127.0.0.1:6380/3", "test");
        assertThat(u.database()).isEqualTo(3);
        assertThat(u.tls()).isFalse();
        assertThat(u.uri().getPort()).isEqualTo(6380);
        assertThat(u.redacted()).isEqualTo("redis://127.0.0.1:6380/3");
    }

    @Test
    void aclUserAndPasswordAreParsedAndThePasswordNeverShown() {
        RedisUrl u = RedisUrl.parse("rediss://alice:s3cr%40t-pw@cache.example:6390/2", "test");
        assertThat(u.tls()).isTrue();
        assertThat(u.uri().getUsername()).isEqualTo("alice");
        assertThat(u.redacted()).isEqualTo("rediss://alice:****@cache.example:6390/2").doesNotContain("s3cr");
        assertThat(u.toString()).doesNotContain("s3cr");
        // registered: any later message that carries it is masked
        assertThat(Secrets.redact("boom s3cr@t-pw boom")).doesNotContain("s3cr@t-pw");
    }

    @Test
    void passwordOnlyUrl() {
        RedisUrl u = RedisUrl.parse("redis://:hunter22@localhost:6379", "test");
        assertThat(u.redacted()).isEqualTo("redis://:****@localhost:6379/0");
    }

    @Test
    void sentinelNeedsTheMasterName() {
        RedisUrl u = RedisUrl.parse("redis-sentinel://s1:26379,s2:26380/1#mymaster", "test");
        assertThat(u.sentinel()).isTrue();
        assertThat(u.redacted()).isEqualTo("redis-sentinel://s1:26379,s2:26380/1#mymaster");
        assertThatThrownBy(() -> RedisUrl.parse("redis-sentinel://s1:26379/1", "env REDIS_URL"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("#mymaster");
    }

    @Test
    void notARedisUrlNamesTheAcceptedForms() {
        assertThatThrownBy(() -> RedisUrl.parse("http://user:topsecret1@h:6379", "environment REDIS_URL"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("environment REDIS_URL").hasMessageContaining("redis://[user:password@]host:port/db")
                .hasMessageNotContaining("topsecret1");
    }

    @Test
    void bindingReadsSeedEnvironmentAndDefaults() {
        RedisConfig c = Settings.bind(Map.of("REDIS_URL", "redis://127.0.0.1:6379/1", "REDIS_CACHE_TIMEOUT", "3600"));
        assertThat(c.configured()).isTrue();
        assertThat(c.cacheTimeout().toSeconds()).isEqualTo(3600);
        assertThat(c.keyPrefix()).isEqualTo("stampede:");
        assertThat(c.commands()).containsKeys("GET", "SET", "EXPIRE");
        RedisConfig none = Settings.bind();
        assertThat(none.configured()).isFalse();
        assertThat(none.echo()).containsEntry("url", "(embedded)");
    }

    @Test
    void badSettingsAreOneLineErrors() {
        assertThatThrownBy(() -> Settings.bind("topology", "mesh")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("redis.topology").hasMessageContaining("standalone or cluster");
        assertThatThrownBy(() -> Settings.bind("commands.GETT", "3")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("GET");
        assertThatThrownBy(() -> Settings.bind("key_prefix", "a b")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("key_prefix");
    }
}
