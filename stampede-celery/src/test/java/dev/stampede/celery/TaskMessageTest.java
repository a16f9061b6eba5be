package dev.stampede.celery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampede.celery.broker.TaskMessage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TaskMessageTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void redisEnvelopeHasTheMustHavesOfProtocolTwo() throws Exception {
        TaskMessage m = TaskMessage.of("abcd1234-0000-4000-8000-000000000001", "stampede_probe.sleep", List.of(1, "x"), Map.of("ms", 10),
                Instant.parse("2026-01-01T00:00:00Z"), null, "stampede@h", 0);
        JsonNode e = JSON.readTree(m.redisEnvelope("stampede"));
        assertThat(e.path("content-type").asText()).isEqualTo("application/json");
        assertThat(e.path("headers").path("task").asText()).isEqualTo("stampede_probe.sleep");
        assertThat(e.path("headers").path("id").asText()).isEqualTo(m.id());
        assertThat(e.path("headers").path("root_id").asText()).isEqualTo(m.id());
        assertThat(e.path("headers").path("eta").asText()).isEqualTo("2026-01-01T00:00:00+00:00");
        assertThat(e.path("headers").path("expires").isNull()).isTrue();
        assertThat(e.path("headers").path("timelimit").size()).isEqualTo(2);
        assertThat(e.path("properties").path("delivery_info").path("exchange").asText()).isEmpty();
        assertThat(e.path("properties").path("delivery_info").path("routing_key").asText()).isEqualTo("stampede");
        assertThat(e.path("properties").path("body_encoding").asText()).isEqualTo("base64");
        assertThat(e.path("properties").path("delivery_tag").asText()).hasSize(36);
        JsonNode body = JSON.readTree(new String(Base64.getDecoder().decode(e.path("body").asText()), StandardCharsets.UTF_8));
        assertThat(body.size()).isEqualTo(3);
        assertThat(body.get(0).get(1).asText()).isEqualTo("x");
        assertThat(body.get(1).get("ms").asInt()).isEqualTo(10);
        assertThat(body.get(2).has("callbacks")).isTrue();
        // every envelope gets its own delivery tag
        assertThat(JSON.readTree(m.redisEnvelope("stampede")).path("properties").path("delivery_tag").asText())
                .isNotEqualTo(e.path("properties").path("delivery_tag").asText());
    }

    @Test
    void priorityKeysFollowKombusSteps() {
        assertThat(TaskMessage.redisPriorityStep(0)).isZero();
        assertThat(TaskMessage.redisPriorityStep(2)).isZero();
        assertThat(TaskMessage.redisPriorityStep(3)).isEqualTo(3);
        assertThat(TaskMessage.redisPriorityStep(8)).isEqualTo(6);
        assertThat(TaskMessage.redisPriorityStep(200)).isEqualTo(9);
        assertThat(TaskMessage.redisQueueKey("p:", "q", 0)).isEqualTo("p:q");
        assertThat(TaskMessage.redisQueueKey("", "q", 9)).isEqualTo("q\u0006\u00169");
        assertThat(TaskMessage.redisQueueKeys("", "q")).hasSize(4);
    }

    @Test
    void idsCarryTheRunPrefixAndLookLikeUuids() {
        String id = TaskMessage.newId("0badcafe");
        assertThat(id).startsWith("0badcafe-").hasSize(36);
        assertThat(ResultSubscription.pattern("0badcafe")).isEqualTo("celery-task-meta-0badcafe*");
    }
}
