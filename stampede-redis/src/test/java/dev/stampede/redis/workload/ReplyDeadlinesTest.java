package dev.stampede.redis.workload;

import io.lettuce.core.RedisCommandTimeoutException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-user reply deadlines: only attempts older than the timeout are failed, once, and a completed one never. */
class ReplyDeadlinesTest {

    private record Attempt(long startedNanos, List<RedisCommandTimeoutException> expired) implements ReplyDeadlines.Waiting {
        @Override public void expire(RedisCommandTimeoutException e) { expired.add(e); }
    }

    @Test
    void sweepFailsOnlyAttemptsOlderThanTheTimeoutAndEachOnce() {
        try (ReplyDeadlines d = new ReplyDeadlines(Duration.ofSeconds(3600), 2)) { // the sweeper's own pass never fires here
            Attempt old = new Attempt(1_000L, new ArrayList<>());
            Attempt young = new Attempt(3_000_000_000_000L, new ArrayList<>());
            Attempt done = new Attempt(1_000L, new ArrayList<>());
            d.track(0, old);
            d.track(1, young);
            d.track(5, done); // beyond the table: grows it
            d.untrack(5, done); // its reply came
            long now = 1_000L + Duration.ofSeconds(3600).toNanos();
            assertThat(d.sweep(now)).isEqualTo(1);
            assertThat(old.expired()).singleElement().satisfies(e -> assertThat(e.getMessage()).contains("no reply within 3600000 ms"));
            assertThat(young.expired()).isEmpty();
            assertThat(done.expired()).isEmpty();
            assertThat(d.sweep(now)).isZero(); // once
            d.untrack(0, old); // the late completion's untrack finds nothing to remove
            assertThat(old.expired()).hasSize(1);
        }
    }

    @Test
    void cacheSourcesByName() {
        assertThat(CacheSource.of("financial")).isEqualTo(CacheSource.FINANCIAL);
        assertThat(CacheSource.of("GAME")).isEqualTo(CacheSource.GAME);
        assertThat(CacheSource.FINANCIAL.family()).isNotEqualTo(CacheSource.GAME.family());
        assertThat(CacheSource.GAME.idOf("p42")).isEqualTo(42);
        assertThat(CacheSource.FINANCIAL.idOf("42")).isEqualTo(42);
        assertThat(CacheSource.FINANCIAL.read("\"s\"")).contains("\"s\".users", "financial_questionnaire_submissions");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CacheSource.of("orders")).hasMessageContaining("game or financial");
    }
}
