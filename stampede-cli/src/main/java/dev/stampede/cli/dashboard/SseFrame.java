package dev.stampede.cli.dashboard;

import java.nio.charset.StandardCharsets;

/**
 * Server-Sent Events framing (the WHATWG HTML "event stream" format): one message is a {@code data:} line per
 * line of its payload and a blank line; a comment line (starting with a colon) keeps an idle connection open.
 * Line breaks of every kind (CR, LF, CRLF) in the payload start a new {@code data:} line, so no payload can end a
 * message early or inject a field. Stateless.
 */
final class SseFrame {
    /** Sent when there was nothing to say for a while, so proxies and the browser keep the stream. */
    static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);

    private SseFrame() {
    }

    /** One message carrying {@code payload} (the browser's {@code MessageEvent.data} is exactly the payload). */
    static byte[] message(String payload) {
        StringBuilder b = new StringBuilder(payload.length() + 16);
        for (String line : payload.split("\r\n|\r|\n", -1)) b.append("data: ").append(line).append('\n');
        return b.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }
}
