package dev.stampede.http.client;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;

/**
 * One request ready to send: method, path with query (already encoded), headers and body. Immutable by convention
 * (the headers are not copied; build a new one per request).
 *
 * @param upload a multipart/form-data file part streamed as the body (then {@code body} is unused); null for none
 */
public record PreparedRequest(HttpMethod method, String pathAndQuery, HttpHeaders headers, byte[] body, UploadBody upload) {
    public static final byte[] NO_BODY = new byte[0];

    public PreparedRequest(HttpMethod method, String pathAndQuery, HttpHeaders headers, byte[] body) {
        this(method, pathAndQuery, headers, body, null);
    }

    public PreparedRequest {
        if (headers == null) headers = new DefaultHttpHeaders();
        if (body == null) body = NO_BODY;
        if (!pathAndQuery.startsWith("/")) pathAndQuery = "/" + pathAndQuery;
    }

    public static PreparedRequest get(String path) {
        return new PreparedRequest(HttpMethod.GET, path, null, null);
    }

    /** Safe to resend after a stale keep-alive connection closed under it (RFC 9110 idempotent methods). */
    public boolean idempotent() {
        return method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD) || method.equals(HttpMethod.PUT)
                || method.equals(HttpMethod.DELETE) || method.equals(HttpMethod.OPTIONS);
    }
}
