package dev.stampede.http.client;

import io.netty.handler.codec.http.HttpHeaders;

import java.nio.charset.StandardCharsets;

/**
 * A complete response. Immutable once handed to the listener; its body is a copy, so it outlives Netty's buffers.
 *
 * @param status   the status code
 * @param headers  the response headers (of the last response when redirects were followed)
 * @param body     the (decompressed) body
 * @param bytesIn  bytes read from the socket for this exchange, headers and redirects included (compressed size)
 * @param bytesOut bytes written to the socket for this exchange
 * @param redirects redirects followed
 * @param protocol  {@code HTTP/1.1} or {@code HTTP/2}: what the (last) response came over
 */
public record Reply(int status, HttpHeaders headers, byte[] body, long bytesIn, long bytesOut, int redirects, String protocol) {
    public static final String HTTP_1_1 = "HTTP/1.1";
    public static final String HTTP_2 = "HTTP/2";

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
