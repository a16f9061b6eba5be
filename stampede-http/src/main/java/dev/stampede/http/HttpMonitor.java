package dev.stampede.http;

import dev.stampede.core.api.Monitor;
import dev.stampede.http.client.HttpClient;
import dev.stampede.http.report.HttpStats;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The HTTP series on the run's interval clock: connections open (gauge), connections opened, throttled responses and
 * bytes each way (counters since the first sample). Sampled on the engine's sampler thread; reads only atomics.
 */
final class HttpMonitor implements Monitor {
    private final HttpClient client;
    private final HttpStats stats;
    private long opened0 = -1, throttled0, in0, out0;
    private volatile int peak;

    HttpMonitor(HttpClient client, HttpStats stats) {
        this.client = client;
        this.stats = stats;
    }

    @Override public String name() { return "http"; }

    @Override
    public Map<String, Double> sample() {
        if (opened0 < 0) {
            opened0 = client.connectionsOpened();
            throttled0 = stats.throttledTotal();
            in0 = stats.bytesInTotal();
            out0 = stats.bytesOutTotal();
        }
        int open = client.connectionsOpen();
        if (open > peak) peak = open;
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("connections_open", (double) open);
        m.put("connections_opened", (double) (client.connectionsOpened() - opened0));
        m.put("throttled", (double) (stats.throttledTotal() - throttled0));
        m.put("bytes_in", (double) (stats.bytesInTotal() - in0));
        m.put("bytes_out", (double) (stats.bytesOutTotal() - out0));
        return m;
    }

    @Override public Set<String> counters() { return Set.of("connections_opened", "throttled", "bytes_in", "bytes_out"); }

    /** Most connections open at one sample (or now, if higher). */
    int peak() { return Math.max(peak, client.connectionsOpen()); }
}
