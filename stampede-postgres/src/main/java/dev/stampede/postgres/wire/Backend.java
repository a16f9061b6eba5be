package dev.stampede.postgres.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Decodes the parts of PostgreSQL's backend messages that both connection forms read: ErrorResponse fields and
 * NUL-terminated strings, from a buffer in read mode at the message body. Stateless; thread-safe.
 */
final class Backend {
    private Backend() {
    }

    /**
     * An ErrorResponse body (from {@code in}'s position to {@code end}) as a {@link WireException} with its
     * SQLSTATE, severity and primary message; leaves {@code in} at {@code end}.
     */
    static WireException error(ByteBuffer in, int end) {
        String state = "XX000";
        String severity = "ERROR";
        String message = "";
        while (in.position() < end) {
            byte field = in.get();
            if (field == 0) break;
            String value = cstring(in);
            switch (field) {
                case 'C' -> state = value;
                case 'V' -> severity = value;
                case 'M' -> message = value;
                default -> { }
            }
        }
        in.position(end);
        return new WireException(state, severity + ": " + message);
    }

    /** A NUL-terminated UTF-8 string at {@code in}'s position; leaves {@code in} after the NUL. */
    static String cstring(ByteBuffer in) {
        int start = in.position();
        int i = start;
        while (in.get(i) != 0) i++;
        byte[] b = new byte[i - start];
        in.get(b);
        in.get();
        return new String(b, StandardCharsets.UTF_8);
    }
}
