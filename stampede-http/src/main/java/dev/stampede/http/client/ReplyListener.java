package dev.stampede.http.client;

/**
 * Told how one request ended: exactly one of {@link #reply} or {@link #failed}, on the connection's event loop.
 * Implementations must not block.
 */
public interface ReplyListener {

    /** The connection for the request is held (for a shared pool: the wait for a free connection ended). */
    default void acquired() { }

    void reply(Reply reply);

    /**
     * @param sent true when the request may have reached the server (its outcome is then unknown for a write)
     */
    void failed(Failure failure, String message, boolean sent, long bytesIn, long bytesOut);
}
