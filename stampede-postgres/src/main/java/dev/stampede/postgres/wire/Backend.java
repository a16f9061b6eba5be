package dev.stampede.postgres.wire;

import java.io.IOException;
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

    /**
     * The exception for a connection that broke with {@code cause}: the server's own error when it sent one (the
     * FATAL ErrorResponse it often writes just before closing, such as 57P01 after pg_terminate_backend: {@code sent},
     * or else one whole at {@code unread}'s position, a buffer in read mode that is left as it was), otherwise 08006.
     */
    static WireException broken(IOException cause, WireException sent, ByteBuffer unread, String address) {
        if (sent == null) {
            try {
                ByteBuffer b = unread.duplicate();
                if (b.remaining() >= 5 && b.get(b.position()) == 'E') {
                    b.get();
                    int len = b.getInt() - 4;
                    if (b.remaining() >= len) sent = error(b, b.position() + len);
                }
            } catch (RuntimeException ignored) {
                // not a whole message: report the I/O error
            }
        }
        if (sent != null) return new WireException(sent.getSQLState(), sent.getMessage(), cause);
        return new WireException("08006", "An I/O error occurred while sending to the backend at " + address + ": " + cause, cause);
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
