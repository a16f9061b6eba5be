package dev.stampede.redis;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RedisInfoTest {
    private static RedisInfo node(long commands, long hits, long used, String frag, String loading, String db0, long getCalls) {
        return RedisInfo.parse("# Server\r\nredis_version:7.0.15\r\nrole:master\r\nloading:" + loading + "\r\n# Stats\r\ntotal_commands_processed:"
                + commands + "\r\nkeyspace_hits:" + hits + "\r\nused_memory:" + used + "\r\nmem_fragmentation_ratio:" + frag
                + "\r\n# Keyspace\r\n" + (db0 == null ? "" : "db0:" + db0 + ",avg_ttl=0\r\n")
                + "cmdstat_get:calls=" + getCalls + ",usec=" + (getCalls * 2) + ",usec_per_call=2.00,rejected_calls=0,failed_calls=1\r\n");
    }

    @Test
    void aClustersInfoAddsTheMastersCountersAndKeysAndKeepsTheWorstRatio() {
        RedisInfo sum = RedisInfo.sum(List.of(node(100, 10, 1000, "1.5", "0", "keys=3,expires=1", 40),
                node(200, 20, 2000, "2.25", "1", "keys=4,expires=0", 60), node(300, 30, 3000, "1.1", "0", null, 5)));
        assertThat(sum.count("total_commands_processed")).isEqualTo(600);
        assertThat(sum.count("keyspace_hits")).isEqualTo(60);
        assertThat(sum.count("used_memory")).isEqualTo(6000);
        assertThat(sum.number("mem_fragmentation_ratio", 0)).isEqualTo(2.25);
        assertThat(sum.text("loading")).isEqualTo("1");
        assertThat(sum.text("redis_version")).isEqualTo("7.0.15");
        assertThat(sum.keys(0)).isEqualTo(7);
        assertThat(sum.commands().get("GET").calls()).isEqualTo(105);
        assertThat(sum.commands().get("GET").usec()).isEqualTo(210);
        assertThat(sum.commands().get("GET").failedCalls()).isEqualTo(3);
    }

    @Test
    void oneNodeIsItsOwnInfo() {
        RedisInfo one = node(5, 1, 10, "1.0", "0", "keys=2,expires=0", 1);
        assertThat(RedisInfo.sum(List.of(one))).isSameAs(one);
    }
}
