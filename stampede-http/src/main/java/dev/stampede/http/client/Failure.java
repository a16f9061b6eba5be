package dev.stampede.http.client;

/**
 * Why a request got no response. Each maps to one error class of the HTTP target.
 */
public enum Failure {
    /** Connection refused, host unreachable, reset while connecting. */
    CONNECT,
    /** The host name did not resolve. */
    DNS,
    /** No connection within the connect timeout. */
    CONNECT_TIMEOUT,
    /** Connected and sent, but no response byte within the first-byte timeout. */
    FIRST_BYTE_TIMEOUT,
    /** The whole exchange took longer than the total timeout. */
    TOTAL_TIMEOUT,
    /** The connection closed (or reset) after the request was sent, before the response was complete. */
    CLOSED,
    /** The response could not be decoded (malformed, or larger than the body limit). */
    PROTOCOL,
    /** A redirect that was not followed (too many, or to another origin). */
    REDIRECT,
    /** The TLS handshake failed: an untrusted certificate, a host name mismatch, or a server that does not speak TLS. */
    TLS,
    /** The upload's file could not be read (gone, unreadable, or its size changed since the run started). */
    UPLOAD,
    /** The client was closed while the request was pending (the run is ending). */
    SHUTDOWN
}
