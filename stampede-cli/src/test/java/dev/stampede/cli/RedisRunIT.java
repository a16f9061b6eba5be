package dev.stampede.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis target through the CLI: cache-aside on the embedded PostgreSQL and the embedded Redis, where the
 * client's hit rate must agree with Redis's own keyspace_hits/misses within 1 % (an independent count: the server's)
 * and the command count with total_commands_processed; then the raw workload against the 6379 service in database
 * 9 with a prefix of this test's own, followed by {@code stampede clean} of that prefix.
 */
class RedisRunIT {

    @Test
    void cacheAsideOnEmbeddedServersAgreesWithRedisCounters(@TempDir Path dir) throws Exception {
        Cli r = Cli.run(Map.of(), "run", "--scenarios", "cache-hit-rate", "--time-scale", "0.05", "--output", dir.toString());
        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("No REDIS_URL set: started an embedded Redis");
        JsonNode s = new ObjectMapper().readTree(dir.resolve("report.json").toFile()).get("scenarios").get(0);
        JsonNode redis = s.get("extras").get("redis");
        long hits = redis.get("client_hits").asLong(), misses = redis.get("client_misses").asLong();
        assertThat(hits + misses).isGreaterThan(100);
        double client = redis.get("client_hit_rate").asDouble();
        double server = (double) redis.get("keyspace_hits").asLong() / (redis.get("keyspace_hits").asLong() + redis.get("keyspace_misses").asLong());
        assertThat(Math.abs(client - server)).isLessThanOrEqualTo(0.01);
        long sent = redis.get("client_commands").asLong(), processed = redis.get("server_commands").asLong();
        assertThat(Math.abs(sent - processed)).isLessThanOrEqualTo(Math.max(1, sent / 100));
        assertThat(redis.get("used_memory_bytes").asLong()).isPositive();
        assertThat(redis.get("hit_latency").get("p99_ms").asDouble()).isPositive();
        assertThat(redis.get("miss_latency").get("p50_ms").asDouble()).isPositive();
        assertThat(Files.readString(dir.resolve("report.md"))).contains("### Redis").contains("Hit rate cross-check");
        assertThat(dir.resolve("redis.csv")).exists();
    }

    @Test
    void cacheAsideOverTheFinancialDataAgreesWithRedisCountersToo(@TempDir Path dir) throws Exception {
        Cli r = Cli.run(Map.of(), "run", "--scenarios", "cache-hit-rate", "--time-scale", "0.05", "--set", "redis.source=financial",
                "--output", dir.toString());
        assertThat(r.code()).as(r.all()).isZero();
        JsonNode s = new ObjectMapper().readTree(dir.resolve("report.json").toFile()).get("scenarios").get(0);
        JsonNode redis = s.get("extras").get("redis");
        long hits = redis.get("client_hits").asLong(), misses = redis.get("client_misses").asLong();
        assertThat(hits + misses).isGreaterThan(100);
        assertThat(misses).isPositive(); // a cold start: the summaries came from PostgreSQL first
        double client = redis.get("client_hit_rate").asDouble();
        double server = (double) redis.get("keyspace_hits").asLong() / (redis.get("keyspace_hits").asLong() + redis.get("keyspace_misses").asLong());
        assertThat(Math.abs(client - server)).isLessThanOrEqualTo(0.01);
        assertThat(Files.readString(dir.resolve("report.md"))).contains("financial users' summaries");
        assertThat(s.toString()).doesNotContain("cache-db"); // every miss found its user's summary
    }

    @Test
    void rawWorkloadOnTheServiceThenCleanOnlyItsPrefix(@TempDir Path dir) throws Exception {
        String prefix = "stampede-cli-it-" + ProcessHandle.current().pid() + ":";
        Path config = dir.resolve("stampede.yaml");
        Files.writeString(config, "redis:\n  key_prefix: \"" + prefix + "\"\n");
        Map<String, String> env = Map.of("REDIS_URL", "redis://127.0.0.1:6379/9");
        Cli r = Cli.run(env, "run", "--scenarios", "cache-latency", "--time-scale", "0.05", "--config", config.toString(),
                "--output", dir.resolve("out").toString());
        assertThat(r.code()).as(r.all()).isIn(0, 1);
        assertThat(r.out()).contains("Redis: redis://127.0.0.1:6379/9");
        Cli c = Cli.run(env, "clean", "--config", config.toString());
        assertThat(c.code()).as(c.all()).isZero();
        assertThat(c.out()).contains("unlinked").contains("under prefix '" + prefix + "'");
    }
}
