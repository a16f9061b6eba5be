package dev.stampede.core.shard;

import dev.stampede.core.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** --shard I/N and --start-at T: what is accepted and the messages for what is not. */
class ShardTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void parsesAShardAndItsStart() {
        Shard s = Shard.parse("2/4", "2026-12-01T10:01:00Z", NOW);
        assertThat(s.index()).isEqualTo(2);
        assertThat(s.count()).isEqualTo(4);
        assertThat(s.startAt()).isEqualTo(Instant.parse("2026-12-01T10:01:00Z"));
        assertThat(s.distributed()).isTrue();
        assertThat(s.preparesData()).isFalse();
        assertThat(Shard.parse(null, null, NOW)).isEqualTo(Shard.SINGLE);
    }

    @Test
    void anIndexOutsideZeroToNMinusOneNamesTheRange() {
        assertThatThrownBy(() -> Shard.parse("4/4", "2026-12-01T10:01:00Z", NOW)).isInstanceOf(ConfigException.class)
                .hasMessage("--shard 4/4: the shard index must be 0..3 (shards are numbered from 0, as a Kubernetes Indexed Job's "
                        + "JOB_COMPLETION_INDEX)");
        assertThatThrownBy(() -> Shard.parse("-1/4", "2026-12-01T10:01:00Z", NOW)).hasMessageContaining("must be 0..3");
        assertThatThrownBy(() -> Shard.parse("0/0", "2026-12-01T10:01:00Z", NOW)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> Shard.parse("one/4", "2026-12-01T10:01:00Z", NOW)).hasMessageContaining("is not I/N; write it as 0/4");
    }

    @Test
    void aStartInThePastOrMissingOrMalformedIsRefused() {
        assertThatThrownBy(() -> Shard.parse("0/2", "2026-12-01T09:59:00Z", NOW)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("--start-at 2026-12-01T09:59:00Z is in the past (now 2026-12-01T10:00:00Z)");
        assertThatThrownBy(() -> Shard.parse("0/2", null, NOW)).hasMessageContaining("needs --start-at")
                .hasMessageContaining("--start-at 2026-12-01T10:01:00Z");
        assertThatThrownBy(() -> Shard.parse("0/2", "tomorrow", NOW)).hasMessageContaining("is not an ISO-8601 instant");
    }
}
