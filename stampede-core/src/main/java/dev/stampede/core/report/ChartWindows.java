package dev.stampede.core.report;

import java.util.List;

/**
 * A report extra that marks windows of time on every chart of its scenario in {@code report.html} (the fault windows,
 * the circuit breaker's open periods), beside the phases and stalls the page draws itself. One extension point, so
 * the HTML writer needs no knowledge of what the windows are.
 */
public interface ChartWindows {

    /**
     * One shaded window.
     *
     * @param kind  a short class for its colour and label row: {@code fault}, {@code breaker}, {@code migration-phase} or
     *              {@code migration-mark} ({@code phase} and {@code stall} are the engine's own)
     * @param label what the window was, shown on the chart
     * @param from  start, seconds since the scenario started (the time series' axis)
     * @param to    end, same scale
     */
    record Window(String kind, String label, double from, double to) {
    }

    /** The windows to draw, in time order. */
    List<Window> chartWindows();
}
