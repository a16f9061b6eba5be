package dev.stampede.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code stampede clean} against the Redis service on 127.0.0.1:6379, database 9, a prefix of this test's own: it
 * unlinks exactly the keys under the prefix, and a foreign key in the same database (one that merely starts like
 * the prefix without matching it) survives. The test removes its foreign key itself at the end.
 */
class ServiceCleanIT {
    static final String URL = System.getenv().getOrDefault("STAMPEDE_TEST_REDIS_URL", "redis://127.0.0.1:6379/9");

    @Test
    void cleanRemovesOnlyThePrefix() throws Exception {
        String prefix = "stampede-it-" + ProcessHandle.current().pid() + ":";
        String foreign = "stampede-it-" + ProcessHandle.current().pid() + "-foreign";
        RedisClient client = RedisClient.create(URL);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            RedisCommands<String, String> r = c.sync();
            try {
                for (int i = 0; i < 2500; i++) r.set(prefix + "k:" + i, "v");
                r.hset(prefix + "h", "f", "v");
                r.set(foreign, "not Stampede's");
                StringWriter out = new StringWriter();
                int code = new RedisTargetProvider().clean(Settings.bind("url", URL, "key_prefix", prefix), new PrintWriter(out, true));
                assertThat(code).isZero();
                assertThat(out.toString()).contains("unlinked 2501 keys under prefix '" + prefix + "'");
                assertThat(KeyCleaner.count(r, prefix)).isZero();
                assertThat(r.get(foreign)).isEqualTo("not Stampede's");
                StringWriter again = new StringWriter();
                new RedisTargetProvider().clean(Settings.bind("url", URL, "key_prefix", prefix), new PrintWriter(again, true));
                assertThat(again.toString()).contains("nothing to clean");
            } finally {
                r.unlink(foreign);
                KeyCleaner.clean(r, prefix);
            }
        } finally {
            client.shutdown();
        }
    }

    @Test
    void openingTheServiceChecksItAndWritesOnlyAProbeKeyOfItsOwn() throws Exception {
        String prefix = "stampede-it-open-" + ProcessHandle.current().pid() + ":";
        Sessions s = new Sessions();
        try (RedisTarget t = RedisTarget.open(Settings.bind("url", URL, "key_prefix", prefix), s.context)) {
            assertThat(t.serverLine()).contains("database 9");
            assertThat(KeyCleaner.count(t.view().commands(), prefix)).isZero();
        }
    }
}
