package dev.stampede.http.ws;

/**
 * Where the WebSocket client reports what happens on its connections (the HTTP target's {@code WsStats}). Called on
 * event loops; implementations are thread-safe.
 */
public interface WsEvents {
    WsEvents NONE = new WsEvents() {
    };

    /** A handshake completed: a WebSocket is open. */
    default void opened() {
    }

    /** A WebSocket that was open closed. */
    default void closed() {
    }

    /** A handshake was refused or failed. */
    default void handshakeFailed() {
    }

    /** A data frame (text or binary message) was written; {@code bytes} of payload. */
    default void messageOut(long bytes) {
    }

    /** A data frame arrived; {@code bytes} of payload. */
    default void messageIn(long bytes) {
    }

    /** The server's close frame carried this code (1005 when it had none; 1006: the connection dropped without one). */
    default void closeCode(int code) {
    }
}
