package dev.stampede.http;

import dev.stampede.core.api.Monitor;
import dev.stampede.http.report.WsStats;
import dev.stampede.http.ws.WsClient;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The WebSocket series on the run's interval clock: WebSockets open (gauge; the connection count over time), opened,
 * and messages each way (counters since the first sample). Sampled on the engine's sampler thread; reads only
 * atomics.
 */
final class WsMonitor implements Monitor {
    private final WsClient client;
    private final WsStats stats;
    private long opened0 = -1, out0, in0;
    private volatile int peak;

    WsMonitor(WsClient client, WsStats stats) {
        this.client = client;
        this.stats = stats;
    }

    @Override public String name() { return "websocket"; }

    @Override
    public Map<String, Double> sample() {
        if (opened0 < 0) {
            opened0 = client.opened();
            out0 = stats.messagesOutTotal();
            in0 = stats.messagesInTotal();
        }
        int open = client.openNow();
        if (open > peak) peak = open;
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("ws_open", (double) open);
        m.put("ws_opened", (double) (client.opened() - opened0));
        m.put("ws_messages_out", (double) (stats.messagesOutTotal() - out0));
        m.put("ws_messages_in", (double) (stats.messagesInTotal() - in0));
        return m;
    }

    @Override public Set<String> counters() { return Set.of("ws_opened", "ws_messages_out", "ws_messages_in"); }

    /** Most WebSockets open at one sample (or now, if higher). */
    int peak() { return Math.max(peak, client.openNow()); }
}
