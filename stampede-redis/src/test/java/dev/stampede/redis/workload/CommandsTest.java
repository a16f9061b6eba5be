package dev.stampede.redis.workload;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class CommandsTest {
    private static String resp(io.lettuce.core.protocol.RedisCommand<?, ?, ?> c) {
        ByteBuf b = Unpooled.buffer();
        try {
            c.encode(b);
            return b.toString(StandardCharsets.UTF_8);
        } finally {
            b.release();
        }
    }

    @Test
    void anAsciiPrefixIsEncodedWithExactSizesAndTheSameBytes() {
        assertThat(RawCommandsWorkload.codecFor("stampede:")).isSameAs(Commands.ASCII);
        assertThat(Commands.ASCII.isEstimateExact()).isTrue(); // no temporary buffer per argument
        assertThat(resp(Commands.set(Commands.ASCII, "stampede:k:42", "abc")))
                .isEqualTo("*3\r\n$3\r\nSET\r\n$13\r\nstampede:k:42\r\n$3\r\nabc\r\n");
    }

    @Test
    void aPrefixBeyondAsciiKeepsUtf8SoTheKeyIsNotMangled() {
        assertThat(RawCommandsWorkload.codecFor("stämpede:")).isSameAs(Commands.UTF8);
        String key = "stämpede:k:7";
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        assertThat(resp(Commands.get(Commands.UTF8, key))).isEqualTo("*2\r\n$3\r\nGET\r\n$" + bytes + "\r\n" + key + "\r\n");
    }
}
