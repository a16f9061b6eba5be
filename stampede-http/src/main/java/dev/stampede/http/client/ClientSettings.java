package dev.stampede.http.client;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the client connects and what it waits for. Immutable.
 *
 * @param connectTimeout   TCP connect (DNS included), and the TLS handshake after it
 * @param firstByteTimeout from the request's last byte written to the response's first byte read
 * @param totalTimeout     from the start of the exchange (pool wait excluded) to the last byte of the response, redirects included
 * @param maxRedirects     redirects followed on the same origin (0: none, the 3xx is the response)
 * @param gzip             send {@code Accept-Encoding: gzip, deflate} and decompress
 * @param maxBodyBytes     largest response body kept (a larger one fails the request as a protocol error)
 * @param policy           one connection per virtual user (as a browser tab or a Locust user) or a shared pool
 * @param sharedConnections pool size for {@link Policy#SHARED}
 * @param ca               https: a PEM file of the CA certificates to trust instead of the JDK's; null for the JDK's
 * @param insecure         https: trust any certificate and skip the host name check (an explicit choice, for tests)
 * @param protocol         the HTTP version to speak
 */
public record ClientSettings(Duration connectTimeout, Duration firstByteTimeout, Duration totalTimeout, int maxRedirects, boolean gzip,
                             int maxBodyBytes, Policy policy, int sharedConnections, Path ca, boolean insecure, Protocol protocol) {

    /** Who owns a connection. */
    public enum Policy { PER_USER, SHARED }

    /** The HTTP version. */
    public enum Protocol {
        /** HTTP/1.1 (over TLS too: ALPN offers only http/1.1). */
        HTTP_1_1,
        /** HTTP/2: over https through ALPN (the server must pick h2), over http:// with prior knowledge (h2c). */
        HTTP_2,
        /** https: ALPN offers h2 and http/1.1 and the server picks; http://: HTTP/1.1. */
        AUTO
    }

    public ClientSettings(Duration connectTimeout, Duration firstByteTimeout, Duration totalTimeout, int maxRedirects, boolean gzip,
                          int maxBodyBytes, Policy policy, int sharedConnections) {
        this(connectTimeout, firstByteTimeout, totalTimeout, maxRedirects, gzip, maxBodyBytes, policy, sharedConnections, null, false,
                Protocol.HTTP_1_1);
    }

    public static ClientSettings defaults() {
        return new ClientSettings(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(60), 5, true, 16 * 1024 * 1024,
                Policy.PER_USER, 64);
    }

    /** The same settings with TLS trust set. */
    public ClientSettings withTls(Path ca, boolean insecure) {
        return new ClientSettings(connectTimeout, firstByteTimeout, totalTimeout, maxRedirects, gzip, maxBodyBytes, policy, sharedConnections, ca,
                insecure, protocol);
    }

    /** The same settings with another protocol. */
    public ClientSettings withProtocol(Protocol p) {
        return new ClientSettings(connectTimeout, firstByteTimeout, totalTimeout, maxRedirects, gzip, maxBodyBytes, policy, sharedConnections, ca,
                insecure, p);
    }
}
