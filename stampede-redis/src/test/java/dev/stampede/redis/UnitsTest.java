package dev.stampede.redis;

import dev.stampede.core.api.Outcome;
import dev.stampede.redis.workload.KeyChooser;
import io.lettuce.core.RedisCommandExecutionException;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class UnitsTest {

    @Test
    void infoParsesFieldsKeyspaceAndCommandStats() {
        RedisInfo i = RedisInfo.parse("# Stats\r\nkeyspace_hits:120\r\nkeyspace_misses:30\r\n# Keyspace\r\ndb1:keys=42,expires=3,avg_ttl=0\r\n"
                + "# Commandstats\r\ncmdstat_get:calls=10,usec=25,usec_per_call=2.50,rejected_calls=0,failed_calls=1\r\n");
        assertThat(i.count("keyspace_hits")).isEqualTo(120);
        assertThat(i.keys(1)).isEqualTo(42);
        assertThat(i.keys(2)).isZero();
        assertThat(i.commands().get("GET")).isEqualTo(new RedisInfo.CommandStat(10, 25, 1));
    }

    @Test
    void replyErrorsAreClassifiedByTheirPrefix() {
        assertThat(RedisErrors.outcome(new RedisCommandExecutionException("MOVED 3999 127.0.0.1:6381")).error()).isEqualTo(RedisErrors.MOVED);
        assertThat(RedisErrors.outcome(new RedisCommandExecutionException("READONLY You can't write against a read only replica."))
                .error()).isEqualTo(RedisErrors.READONLY);
        Outcome loading = RedisErrors.outcome(new RedisCommandExecutionException("LOADING Redis is loading the dataset in memory"));
        assertThat(loading.error()).isEqualTo(RedisErrors.LOADING);
        assertThat(loading.status()).isEqualTo(Outcome.Status.FAILED);
        assertThat(RedisErrors.outcome(new RedisCommandExecutionException("OOM command not allowed")).error()).isEqualTo(RedisErrors.OOM);
        assertThat(RedisErrors.outcome(new io.lettuce.core.RedisCommandTimeoutException("t")).status()).isEqualTo(Outcome.Status.UNKNOWN);
    }

    @Test
    void zipfianFavoursTheFirstKeysAndHotSetHonoursItsShare() {
        SplittableRandom r = new SplittableRandom(7);
        KeyChooser zipf = new KeyChooser(1000, RedisConfig.Popularity.ZIPFIAN, 0.99, 0.2, 0.8);
        int[] counts = new int[1000];
        for (int i = 0; i < 100_000; i++) counts[zipf.next(r)]++;
        assertThat(counts[0]).isGreaterThan(counts[10] * 5);
        KeyChooser hot = new KeyChooser(1000, RedisConfig.Popularity.HOTSET, 0.99, 0.1, 0.9);
        int inHot = 0;
        for (int i = 0; i < 100_000; i++) if (hot.next(r) < 100) inHot++;
        assertThat(inHot / 100_000.0).isBetween(0.88, 0.92);
        KeyChooser uniform = new KeyChooser(10, RedisConfig.Popularity.UNIFORM, 0.99, 0.1, 0.9);
        for (int i = 0; i < 1000; i++) assertThat(uniform.next(r)).isBetween(0, 9);
    }

    @Test
    void prefixGlobCharactersAreEscapedForScan() {
        assertThat(KeyCleaner.escape("st*mp[e]?:")).isEqualTo("st\\*mp\\[e\\]\\?:");
    }

    @Test
    void versionsCompare() {
        assertThat(EmbeddedRedis.newer("7.0.15", "6.2.6")).isTrue();
        assertThat(EmbeddedRedis.newer("6.2.6", "6.2.6")).isFalse();
        assertThat(EmbeddedRedis.newer("6.0.20", "6.2.6")).isFalse();
    }
}
