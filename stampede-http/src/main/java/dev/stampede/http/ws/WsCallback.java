package dev.stampede.http.ws;

/**
 * How a WebSocket step ends; exactly one method is called once, on the connection's event loop.
 */
public interface WsCallback {
    /**
     * @param match   the message that satisfied the step's expectation; null for a step that expected none
     * @param skipped messages seen (buffered or new) that did not match before this one
     */
    void ok(WsExpectation.Match match, int skipped);

    void failed(WsFailure failure, String message);
}
