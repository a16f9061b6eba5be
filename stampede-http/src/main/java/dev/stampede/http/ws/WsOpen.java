package dev.stampede.http.ws;

/** How a WebSocket connect ends; exactly one method is called once, on the connection's event loop. */
public interface WsOpen {
    void opened(WsConnection connection);

    void failed(WsFailure failure, String message);
}
