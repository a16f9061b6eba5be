package dev.stampede.http.report;

import dev.stampede.http.ws.WsEvents;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * WebSocket counters the engine does not keep: connections, messages and bytes each way, close codes, and per
 * WebSocket step its sends, matches, skips and timeouts. Totals count from the start (for the live monitor and for
 * tests against a server's own counters); the report's figures only while {@link #recording} (the measured phases).
 * Thread-safe; written from the event loops.
 */
public final class WsStats implements WsEvents {
    /** Distinct close codes kept; the rest count as "other". */
    static final int MAX_CLOSE_CODES = 32;

    private final List<Row> rows = new ArrayList<>();
    private final Map<Integer, Row> byOp = new HashMap<>();
    private final LongAdder messagesOutTotal = new LongAdder(), messagesInTotal = new LongAdder();
    private final LongAdder opened = new LongAdder(), handshakeFailures = new LongAdder(), messagesOut = new LongAdder(),
            messagesIn = new LongAdder(), bytesOut = new LongAdder(), bytesIn = new LongAdder();
    private final Map<String, LongAdder> closeCodes = new ConcurrentHashMap<>();
    private volatile boolean recording;

    private static final class Row {
        final String persona, operation, action, target;
        final LongAdder attempts = new LongAdder(), sent = new LongAdder(), matched = new LongAdder(), skipped = new LongAdder(),
                timeouts = new LongAdder(), failures = new LongAdder();

        Row(String persona, String operation, String action, String target) {
            this.persona = persona;
            this.operation = operation;
            this.action = action;
            this.target = target;
        }
    }

    /** Registers operation {@code op} as a WebSocket step; setup only, before the load. */
    public void add(int op, String persona, String operation, String action, String target) {
        Row r = new Row(persona, operation, action, target);
        rows.add(r);
        byOp.put(op, r);
    }

    /** True when any WebSocket step was registered. */
    public boolean any() { return !rows.isEmpty(); }

    public void recording(boolean on) { recording = on; }

    /**
     * A WebSocket step's attempt ended.
     *
     * @param sent     messages it wrote (0 or 1)
     * @param matched  1 when a message ended its expect
     * @param skipped  messages it saw that did not match
     * @param timedOut true when it ended at its timeout
     * @param ok       its outcome
     */
    public void step(int op, int sent, int matched, int skipped, boolean timedOut, boolean ok) {
        if (!recording) return;
        Row r = byOp.get(op);
        if (r == null) return;
        r.attempts.increment();
        r.sent.add(sent);
        r.matched.add(matched);
        r.skipped.add(skipped);
        if (timedOut) r.timeouts.increment();
        if (!ok) r.failures.increment();
    }

    @Override public void opened() {
        if (recording) opened.increment();
    }

    @Override public void handshakeFailed() {
        if (recording) handshakeFailures.increment();
    }

    @Override public void messageOut(long bytes) {
        messagesOutTotal.increment();
        if (!recording) return;
        messagesOut.increment();
        bytesOut.add(bytes);
    }

    @Override public void messageIn(long bytes) {
        messagesInTotal.increment();
        if (!recording) return;
        messagesIn.increment();
        bytesIn.add(bytes);
    }

    @Override public void closeCode(int code) {
        if (!recording) return;
        String key = Integer.toString(code);
        LongAdder a = closeCodes.get(key);
        if (a == null) {
            if (closeCodes.size() >= MAX_CLOSE_CODES) key = "other";
            a = closeCodes.computeIfAbsent(key, k -> new LongAdder());
        }
        a.increment();
    }

    /** Messages written since the start, all phases. */
    public long messagesOutTotal() { return messagesOutTotal.sum(); }

    /** Messages received since the start, all phases. */
    public long messagesInTotal() { return messagesInTotal.sum(); }

    /** The measured window's figures; {@code peakOpen} from the monitor. */
    public WsReport report(double seconds, int peakOpen) {
        List<WsReport.Step> steps = new ArrayList<>();
        for (Row r : rows) {
            if (r.attempts.sum() == 0) continue;
            steps.add(new WsReport.Step(r.persona, r.operation, r.action, r.target, r.attempts.sum(), r.sent.sum(), r.matched.sum(),
                    r.skipped.sum(), r.timeouts.sum(), r.failures.sum()));
        }
        Map<String, Long> codes = new TreeMap<>();
        closeCodes.forEach((k, v) -> codes.put(k, v.sum()));
        long out = messagesOut.sum(), in = messagesIn.sum();
        return new WsReport(opened.sum(), handshakeFailures.sum(), peakOpen, out, in, seconds > 0 ? out / seconds : 0, seconds > 0 ? in / seconds : 0,
                bytesOut.sum(), bytesIn.sum(), codes, steps);
    }
}
