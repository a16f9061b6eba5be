package dev.stampede.postgres.wire;

/**
 * Told the result of one execution sent through a {@link LoopConnection}, on the loop's thread, once per send:
 * after the reply's ReadyForQuery, or when the connection broke or was aborted before it came. Must not block (it
 * runs on the event loop that serves other users' connections too).
 */
@FunctionalInterface
public interface WireReply {
    /**
     * @param tag   what the sender passed with the send (its attempt)
     * @param rows  data rows received (0 on an error)
     * @param error null on success; the server's error (the connection stays usable), or 08006 / 08003 when the
     *              connection broke ({@link WireConnection#broken()} is then true)
     */
    void replied(Object tag, int rows, WireException error);
}
