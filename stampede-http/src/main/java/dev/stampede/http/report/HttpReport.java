package dev.stampede.http.report;

import java.util.List;
import java.util.Map;

/**
 * The HTTP section of one scenario: what was loaded, how connections behaved and, per endpoint and persona, the
 * status classes, throttled share with the Retry-After values seen, and bytes each way. Immutable; serialised as is
 * into report.json under {@link #KEY}.
 *
 * @param baseUrl           the origin (no credentials: base URLs carry none)
 * @param server            what served it ("the reference stack (./stampede demo) on 127.0.0.1:PORT" or "user's API")
 * @param transport         epoll or nio
 * @param connectionPolicy  per-user or shared
 * @param connectionsOpened TCP connections opened during the scenario (a keep-alive run opens about one per user)
 * @param connectFailures   connection attempts that failed
 * @param peakConnections   most connections open at one sample
 * @param throttled         throttled responses in the measured window
 * @param throttledShare    throttled / requests
 * @param endpoints         per persona and operation
 * @param upload            every operation's uploads together ({@link #total}), null when none uploaded
 * @param protocols         responses by the protocol they came over ({@code HTTP/1.1}, {@code HTTP/2})
 */
public record HttpReport(String baseUrl, String server, String transport, String connectionPolicy, long connectionsOpened,
                         long connectFailures, int peakConnections, long requests, long throttled, double throttledShare,
                         List<String> personas, List<Endpoint> endpoints, Upload upload, Map<String, Long> protocols) {
    public static final String KEY = "http";

    public HttpReport {
        personas = List.copyOf(personas);
        endpoints = List.copyOf(endpoints);
        protocols = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(protocols));
    }

    /**
     * One operation's counters.
     *
     * @param noResponse requests that got no response (connect failure, timeout, closed connection)
     * @param retryAfter Retry-After header values of the throttled responses, with counts ("(none)" when absent)
     * @param upload     the operation's uploads, null when it has none
     * @param honoured   the waits its throttled responses caused under a persona that honours Retry-After, null when
     *                   there were none
     */
    public record Endpoint(String persona, String operation, String method, String path, long requests, long s1xx, long s2xx, long s3xx,
                           long s4xx, long s5xx, long noResponse, long throttled, double throttledShare, Map<String, Long> retryAfter,
                           long bytesIn, long bytesOut, double bytesInPerSec, double bytesOutPerSec, Upload upload, Honoured honoured) {
        public Endpoint {
            retryAfter = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(retryAfter));
        }
    }

    /**
     * Multipart uploads of one operation in the measured window, those sent whole and answered (any status, a 429
     * included: its bytes crossed the wire). MB is 10^6 bytes.
     *
     * @param uploads        answered uploads
     * @param bytes          file content bytes of those uploads (multipart framing and headers not included)
     * @param mbPerSec       bytes / 10^6 / the measured seconds: the operation's upload throughput, all users together
     * @param mbPerSecEach   bytes / 10^6 / the summed upload times (send to the response's last byte): one upload's rate
     */
    public record Upload(long uploads, long bytes, double mbPerSec, double mbPerSecEach) {
    }

    /**
     * Retry-After honoured after one operation's throttled responses in the measured window.
     *
     * @param waits      waits the users took before their next request
     * @param waitedS    their total, seconds (each the header's delay, capped; a longer think time of the user's own
     *                   is not in it)
     * @param capped     waits cut to the persona's retry_after_max
     * @param unreadable throttled responses with no Retry-After, or one that is neither delay-seconds nor an HTTP-date:
     *                   the user went on with its own wait time
     */
    public record Honoured(long waits, double waitedS, long capped, long unreadable) {
    }

    /** Upload throughput of every operation together, null when none uploaded. */
    public static Upload total(List<Endpoint> endpoints) {
        long n = 0, b = 0;
        double mbps = 0, secs = 0;
        for (Endpoint e : endpoints) {
            if (e.upload() == null) continue;
            n += e.upload().uploads();
            b += e.upload().bytes();
            mbps += e.upload().mbPerSec();
            if (e.upload().mbPerSecEach() > 0) secs += e.upload().bytes() / 1e6 / e.upload().mbPerSecEach();
        }
        return n == 0 ? null : new Upload(n, b, mbps, secs > 0 ? b / 1e6 / secs : 0);
    }
}
