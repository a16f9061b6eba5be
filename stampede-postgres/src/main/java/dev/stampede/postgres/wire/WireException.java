package dev.stampede.postgres.wire;

import java.sql.SQLException;

/**
 * A failure of the wire client, as an {@link SQLException} with its SQLSTATE, so that
 * {@link dev.stampede.postgres.SqlStates} classifies it exactly as it classifies pgjdbc's: the server's
 * ErrorResponse (its code and primary message), or 08006 with the {@link java.io.IOException} as the cause when the
 * connection broke (an unknown outcome after a send). Messages never hold a password.
 */
public final class WireException extends SQLException {
    public WireException(String sqlState, String message) {
        super(message, sqlState);
    }

    public WireException(String sqlState, String message, Throwable cause) {
        super(message, sqlState, cause);
    }
}
