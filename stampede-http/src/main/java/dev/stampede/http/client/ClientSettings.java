package dev.stampede.http.client;

import java.time.Duration;

/**
 * How the client connects and what it waits for. Immutable.
 *
 * @param connectTimeout   TCP connect (DNS included)
 * @param firstByteTimeout from the request's last byte written to the response's first byte read
 * @param totalTimeout     from the start of the exchange (pool wait excluded) to the last byte of the response, redirects included
 * @param maxRedirects     redirects followed on the same origin (0: none, the 3xx is the response)
 * @param gzip             send {@code Accept-Encoding: gzip, deflate} and decompress
 * @param maxBodyBytes     largest response body kept (a larger one fails the request as a protocol error)
 * @param policy           one connection per virtual user (as a browser tab or a Locust user) or a shared pool
 * @param sharedConnections pool size for {@link Policy#SHARED}
 */
public record ClientSettings(Duration connectTimeout, Duration firstByteTimeout, Duration totalTimeout, int maxRedirects, boolean gzip,
                             int maxBodyBytes, Policy policy, int sharedConnections) {

    /** Who owns a connection. */
    public enum Policy { PER_USER, SHARED }

    public static ClientSettings defaults() {
        return new ClientSettings(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(60), 5, true, 16 * 1024 * 1024,
                Policy.PER_USER, 64);
    }
}
