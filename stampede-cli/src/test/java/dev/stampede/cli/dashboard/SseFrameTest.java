package dev.stampede.cli.dashboard;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class SseFrameTest {
    private static String frame(String payload) {
        return new String(SseFrame.message(payload), StandardCharsets.UTF_8);
    }

    @Test
    void oneDataLinePerPayloadLineAndABlankLineToEndTheMessage() {
        assertThat(frame("{\"a\":1}")).isEqualTo("data: {\"a\":1}\n\n");
        assertThat(frame("")).isEqualTo("data: \n\n");
    }

    @Test
    void lineBreaksOfEveryKindCannotEndTheMessageOrInjectAField() {
        assertThat(frame("a\nevent: x\r\nb\rc\n")).isEqualTo("data: a\ndata: event: x\ndata: b\ndata: c\ndata: \n\n");
    }

    @Test
    void keepAliveIsAComment() {
        assertThat(new String(SseFrame.KEEP_ALIVE, StandardCharsets.UTF_8)).startsWith(":").endsWith("\n\n");
    }
}
