package dev.stampede.postgres.wire;

import java.nio.ByteBuffer;

/**
 * A statement prepared on one {@link WireConnection}: its Bind/Execute/Sync message, built once, whose parameter
 * values {@link #setInt}/{@link #setLong} overwrite in place. Same thread contract as its connection.
 */
public final class PreparedStatement {
    private final WireConnection connection;
    private final ByteBuffer message;
    private final int[] valueOffsets;

    PreparedStatement(WireConnection connection, ByteBuffer message, int[] valueOffsets) {
        this.connection = connection;
        this.message = message;
        this.valueOffsets = valueOffsets;
    }

    /** Sets parameter {@code index} (0-based) of an {@link ParamType#INT4} parameter. */
    public PreparedStatement setInt(int index, int value) {
        message.putInt(valueOffsets[index], value);
        return this;
    }

    /** Sets parameter {@code index} (0-based) of an {@link ParamType#INT8} parameter. */
    public PreparedStatement setLong(int index, long value) {
        message.putLong(valueOffsets[index], value);
        return this;
    }

    /**
     * Executes with the values set, in autocommit (one transaction), reading every row.
     *
     * @return rows the statement returned
     * @throws WireException see {@link WireConnection}
     * @throws IllegalStateException once the connection was handed to an event loop (send through
     *                               {@link WireSessions#send} then)
     */
    public int execute() throws WireException {
        return connection.execute(message);
    }

    /** The message itself, for a {@link LoopConnection} to send (it resets the position to 0). */
    ByteBuffer buffer() { return message; }

    /** The message as sent (position 0 to limit), for tests. */
    ByteBuffer message() { return message.duplicate().position(0); }
}
