package dev.stampede.celery;

import dev.stampede.core.config.ConfigException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BrokerUrlTest {

    @Test
    void amqpUrlIsParsedAndItsPasswordNeverShown() {
        BrokerUrl u = BrokerUrl.parse("amqp://alice:s3cr%40t@rabbit.example:5673/prod", "CELERY_BROKER_URL", "env");
        assertThat(u.isRedis()).isFalse();
        assertThat(u.user()).isEqualTo("alice");
        assertThat(u.password()).isEqualTo("s3cr@t");
        assertThat(u.vhost()).isEqualTo("prod");
        assertThat(u.amqpUri().getPort()).isEqualTo(5673);
        assertThat(u.redacted()).doesNotContain("s3cr").contains("alice:").contains("rabbit.example:5673/prod");
        assertThat(BrokerUrl.parse("amqp://guest:guest@127.0.0.1//", "X", "t").vhost()).isEqualTo("/");
        assertThat(BrokerUrl.parse("pyamqp://127.0.0.1", "X", "t").amqpUri().getPort()).isEqualTo(5672);
    }

    @Test
    void redisUrlGoesThroughTheRedisModule() {
        BrokerUrl u = BrokerUrl.parse("redis://:pw123456@127.0.0.1:6379/3", "CELERY_BROKER_URL", "env");
        assertThat(u.isRedis()).isTrue();
        assertThat(u.redis().database()).isEqualTo(3);
        assertThat(u.redacted()).doesNotContain("pw123456");
    }

    @Test
    void otherSchemesAreRefusedWithTheAcceptedForms() {
        assertThatThrownBy(() -> BrokerUrl.parse("sqs://user:topsecret1@x", "CELERY_BROKER_URL", "environment"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("CELERY_BROKER_URL").hasMessageContaining("amqp://")
                .hasMessageContaining("redis://").hasMessageNotContaining("topsecret1");
    }
}
