package dev.stampede.core.fault;

import org.HdrHistogram.Histogram;

/**
 * What a {@link FaultProxy} did: counters since it started, and the per-chunk forwarding time (nanoseconds a chunk
 * spent in the proxy beyond the delay a fault asked for) since the previous {@link FaultProxy#stats()} call.
 *
 * @param accepted         client connections accepted
 * @param resets           connections reset by a {@link Fault.Reset}
 * @param upstreamFailures connections whose upstream connect failed (the client was reset)
 * @param closedAfterBytes connections closed by a {@link Fault.CloseAfter}
 * @param bytesUp          bytes read from clients
 * @param bytesDown        bytes read from the upstream
 * @param forwardingNanos  forwarding time per chunk over the interval
 */
public record ProxyStats(long accepted, long resets, long upstreamFailures, long closedAfterBytes, long bytesUp, long bytesDown,
                         Histogram forwardingNanos) {
}
