package dev.stampede.http.ws;

/** Why a WebSocket step did not succeed. Each maps to one error class of the HTTP target. */
public enum WsFailure {
    /** No TCP connection: refused, unreachable. */
    CONNECT,
    /** No TCP connection within the connect timeout. */
    CONNECT_TIMEOUT,
    /** The server did not upgrade: a status other than 101, a bad Sec-WebSocket-Accept, or no answer in time. */
    HANDSHAKE,
    /** No matching message (or close answer) within the step's timeout. */
    TIMEOUT,
    /** The WebSocket closed: the server's close frame with a code the step did not expect, or the connection dropped. */
    CLOSED,
    /** A send or expect step ran with no open WebSocket (the user's connect step failed or never ran). */
    NOT_OPEN,
    /** A malformed frame or a message over the size limit. */
    PROTOCOL,
    /** The TLS handshake of a wss:// connection failed. */
    TLS
}
