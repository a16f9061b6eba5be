package dev.stampede.http;

import dev.stampede.core.api.ErrorClass;
import dev.stampede.http.client.Failure;

import java.util.List;

/** The HTTP target's error classes, for outcomes and the reports' legend. Constants only. */
public final class HttpErrors {
    public static final ErrorClass THROTTLED = new ErrorClass("http-throttled",
            "throttled: 429 Too Many Requests, or 503 with Retry-After (the server's rate limit or load shedding)", false);
    public static final ErrorClass STATUS_4XX = new ErrorClass("http-4xx", "HTTP 4xx client error status (not a throttle)", false);
    public static final ErrorClass STATUS_5XX = new ErrorClass("http-5xx", "HTTP 5xx server error status", false);
    public static final ErrorClass CHECK = new ErrorClass("http-check",
            "a response check failed (status, JSON path value, body text, header or latency)", false);
    public static final ErrorClass CONNECT = new ErrorClass("http-connect", "no TCP connection: refused, unreachable, or DNS failed", true);
    public static final ErrorClass CONNECT_TIMEOUT = new ErrorClass("http-connect-timeout", "no TCP connection within the connect timeout", true);
    public static final ErrorClass FIRST_BYTE_TIMEOUT = new ErrorClass("http-first-byte-timeout",
            "request sent, no response byte within the first-byte timeout", false);
    public static final ErrorClass TOTAL_TIMEOUT = new ErrorClass("http-timeout", "no complete response within the total timeout", false);
    public static final ErrorClass CLOSED = new ErrorClass("http-closed", "the connection closed before the response was complete", false);
    public static final ErrorClass PROTOCOL = new ErrorClass("http-protocol",
            "malformed response, body over the limit, or a redirect not followed", false);

    public static final ErrorClass TLS = new ErrorClass("http-tls",
            "the TLS handshake failed: an untrusted certificate (set http.ca or http.insecure), a host name mismatch, or no TLS on that port", true);
    public static final ErrorClass UPLOAD = new ErrorClass("http-upload",
            "the upload's file could not be read (gone, unreadable, or changed size since the run started)", false);

    public static final ErrorClass WS_HANDSHAKE = new ErrorClass("ws-handshake",
            "WebSocket handshake refused (a status other than 101) or not answered within the step's timeout", false);
    public static final ErrorClass WS_TIMEOUT = new ErrorClass("ws-timeout", "no matching WebSocket message (or close answer) within the step's timeout", false);
    public static final ErrorClass WS_CLOSED = new ErrorClass("ws-closed",
            "the WebSocket closed: the server's close frame with an unexpected code, or the connection dropped", false);
    public static final ErrorClass WS_NOT_OPEN = new ErrorClass("ws-not-open", "a WebSocket step ran with no open WebSocket (its connect failed or never ran)", false);
    public static final ErrorClass WS_PROTOCOL = new ErrorClass("ws-protocol", "a malformed WebSocket frame or a message over the size limit", false);

    public static final List<ErrorClass> ALL = List.of(THROTTLED, STATUS_4XX, STATUS_5XX, CHECK, CONNECT, CONNECT_TIMEOUT,
            FIRST_BYTE_TIMEOUT, TOTAL_TIMEOUT, CLOSED, PROTOCOL, TLS, UPLOAD, WS_HANDSHAKE, WS_TIMEOUT, WS_CLOSED, WS_NOT_OPEN, WS_PROTOCOL);

    private HttpErrors() {
    }

    public static ErrorClass ofWs(dev.stampede.http.ws.WsFailure f) {
        return switch (f) {
            case CONNECT -> CONNECT;
            case CONNECT_TIMEOUT -> CONNECT_TIMEOUT;
            case HANDSHAKE -> WS_HANDSHAKE;
            case TIMEOUT -> WS_TIMEOUT;
            case CLOSED -> WS_CLOSED;
            case NOT_OPEN -> WS_NOT_OPEN;
            case PROTOCOL -> WS_PROTOCOL;
            case TLS -> TLS;
        };
    }

    public static ErrorClass ofFailure(Failure f) {
        return switch (f) {
            case CONNECT, DNS -> CONNECT;
            case CONNECT_TIMEOUT -> CONNECT_TIMEOUT;
            case FIRST_BYTE_TIMEOUT -> FIRST_BYTE_TIMEOUT;
            case TOTAL_TIMEOUT -> TOTAL_TIMEOUT;
            case CLOSED, SHUTDOWN -> CLOSED;
            case PROTOCOL, REDIRECT -> PROTOCOL;
            case UPLOAD -> UPLOAD;
            case TLS -> TLS;
        };
    }
}
