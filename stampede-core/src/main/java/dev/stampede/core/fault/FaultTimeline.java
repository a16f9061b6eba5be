package dev.stampede.core.fault;

import dev.stampede.core.report.ChartWindows;

import java.util.ArrayList;
import java.util.List;

/**
 * What a scenario's faults did, as the report's {@code faults} extra: each window as planned and as applied (the
 * ground truth every series is read against), the service's recovery after it, and what each fault proxy did,
 * including its own forwarding cost. Times in seconds since the scenario started, the axis of the time series.
 * Immutable.
 */
public record FaultTimeline(List<Window> windows, List<Proxy> proxies) implements ChartWindows {
    /** The report's extras key. */
    public static final String KEY = "faults";

    public FaultTimeline {
        windows = List.copyOf(windows);
        proxies = List.copyOf(proxies);
    }

    /**
     * One fault window.
     *
     * @param detail          the fault's settings ({@code 50ms ± 10ms downstream}), empty when it has none
     * @param appliedStartS   when it was in force; null when the scenario ended before it started
     * @param appliedEndS     when it was lifted; null when it never started
     * @param recoveryS       seconds from the lift until the service recovered ({@link Recovery}); null when not measurable
     * @param recovery        how recovery was judged, or why it could not be
     */
    public record Window(String target, String kind, String detail, double plannedStartS, double plannedEndS,
                         Double appliedStartS, Double appliedEndS, Double recoveryS, String recovery) {
    }

    /**
     * One proxy's work during the scenario.
     *
     * @param upstream           the server address it forwarded to (host:port, no credentials)
     * @param connections        client connections it accepted during the scenario
     * @param resets             connections it reset (reset faults)
     * @param upstreamFailures   connections whose server connect failed
     * @param chunks             chunks forwarded
     * @param forwardingP50Us    the proxy's own time per chunk beyond any delay a fault asked for, median, microseconds
     * @param forwardingP99Us    same, 99th percentile
     * @param forwardingMaxUs    same, maximum
     */
    public record Proxy(String target, String upstream, long connections, long resets, long upstreamFailures, long chunks,
                        double forwardingP50Us, double forwardingP99Us, double forwardingMaxUs) {
    }

    @Override
    public List<ChartWindows.Window> chartWindows() {
        List<ChartWindows.Window> out = new ArrayList<>();
        for (Window w : windows) {
            if (w.appliedStartS() == null) continue;
            out.add(new ChartWindows.Window("fault", w.target() + " " + w.kind() + (w.detail().isEmpty() ? "" : " " + w.detail()),
                    w.appliedStartS(), w.appliedEndS() == null ? w.appliedStartS() : w.appliedEndS()));
        }
        return out;
    }
}
