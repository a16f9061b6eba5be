package dev.stampede.redis;

import dev.stampede.core.advisor.Recommendation;
import dev.stampede.core.config.Thresholds;
import dev.stampede.core.verdict.MetricVerdict;
import dev.stampede.core.verdict.Status;
import dev.stampede.redis.health.RedisAdvisor;
import dev.stampede.redis.health.RedisReport;
import dev.stampede.redis.health.ServerView;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AdvisorTest {
    private static RedisReport report(double hitRate, long hits, long misses, long evicted, long expired, Long maxmemory, String policy,
                                      long used) {
        return new RedisReport("Redis 7", "cache-aside", hitRate, hits, misses, hits, misses, hitRate, null, 0, 0, 0, null, used, used, 1.0,
                maxmemory == null ? 0 : maxmemory, policy, maxmemory == null ? null : 100.0 * used / maxmemory, 0, 0, null, evicted, expired,
                0, 1, 0, List.of(new ServerView.SlowEntry(3, 25_000, "KEYS *")), List.of(), null, null, null, null, 0, 0, Map.of(),
                Map.of("stampede:player:1", 0.2), true);
    }

    private static Thresholds limits(double minHitRate) {
        Thresholds d = Thresholds.defaults();
        return new Thresholds(d.maxAvgResponseTimeMs(), d.maxP95ResponseTimeMs(), d.maxP99ResponseTimeMs(), d.maxErrorRatePercent(),
                d.maxConnectionFailureRatePercent(), d.maxDbConnectionPoolUsagePercent(), d.maxDbQueryTimeMs(), d.maxConnectionAcquireP95Ms(),
                d.minThroughputOps(), d.warnFraction(), d.queryTargets(), Map.of(RedisAdvisor.MIN_HIT_RATE, minHitRate));
    }

    @Test
    void hitRateVerdictUsesTheThresholdAndSeedBands() {
        List<MetricVerdict> v = RedisAdvisor.verdicts(report(0.75, 750, 250, 0, 0, null, "noeviction", 1000), limits(0.8), true);
        assertThat(v).singleElement().satisfies(m -> {
            assertThat(m.status()).isEqualTo(Status.FAILED);
            assertThat(m.rating()).isEqualTo("Acceptable");
        });
        assertThat(RedisAdvisor.verdicts(report(0.95, 950, 50, 0, 0, null, "noeviction", 1000), limits(0.8), true).get(0).status())
                .isEqualTo(Status.PASSED);
    }

    @Test
    void memoryVerdictOnlyWithMaxmemory() {
        List<MetricVerdict> v = RedisAdvisor.verdicts(report(0.95, 950, 50, 0, 0, 1000L, "noeviction", 950), limits(0.8), true);
        assertThat(v).extracting(MetricVerdict::metric).containsExactly("cache_hit_rate", "redis_memory_usage_percent");
        assertThat(v.get(1).status()).isEqualTo(Status.FAILED);
    }

    @Test
    void lowHitRateAdviceNamesEvictionsAsTheCauseWhenThereAreSome() {
        List<Recommendation> r = RedisAdvisor.advise(report(0.5, 500, 500, 1200, 0, 1000L, "allkeys-lru", 990), limits(0.8), 0, 3600, 10);
        assertThat(r.get(0).title()).contains("hit rate below 80 %");
        assertThat(r.get(0).evidence()).contains("evicted 1200 keys");
        assertThat(r).extracting(Recommendation::title).contains("Hot key", "Slow log entries during the run");
    }

    @Test
    void churnAndTtlCauses() {
        assertThat(RedisAdvisor.advise(report(0.5, 500, 500, 0, 300, null, "noeviction", 10), limits(0.8), 0, 5, 60).get(0).evidence())
                .contains("expired");
        assertThat(RedisAdvisor.advise(report(0.5, 500, 500, 0, 0, null, "noeviction", 10), limits(0.8), 400, 3600, 60).get(0).evidence())
                .contains("invalidation churn");
        assertThat(RedisAdvisor.advise(report(0.9, 900, 100, 0, 0, null, "noeviction", 10), limits(0.8), 0, 3600, 60))
                .extracting(Recommendation::title).doesNotContain("Cache hit rate below 80 %");
    }

    @Test
    void nearMaxmemoryWithNoeviction() {
        assertThat(RedisAdvisor.advise(report(0.95, 950, 50, 0, 0, 1000L, "noeviction", 950), limits(0.8), 0, 3600, 60))
                .extracting(Recommendation::title).contains("Memory near maxmemory with noeviction");
    }
}
