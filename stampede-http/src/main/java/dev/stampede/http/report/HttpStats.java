package dev.stampede.http.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per operation (a persona's step) counters the engine does not keep: status classes, throttled responses and the
 * Retry-After values seen, bytes each way. Counted only while {@link #recording} (the measured phases), so they cover
 * the same window as the engine's attempts. Thread-safe; written from the event loops.
 */
public final class HttpStats {
    /** Distinct Retry-After values kept per operation; the rest count as "other". */
    static final int MAX_RETRY_AFTER_VALUES = 32;

    private final List<Row> rows = new ArrayList<>();
    private final LongAdder throttledTotal = new LongAdder();
    private final LongAdder bytesInTotal = new LongAdder();
    private final LongAdder bytesOutTotal = new LongAdder();
    private final Map<String, LongAdder> protocols = new ConcurrentHashMap<>();
    private volatile boolean recording;

    /** One operation's counters. */
    static final class Row {
        final String persona, operation, method, path;
        final LongAdder[] classes = new LongAdder[6];
        final LongAdder throttled = new LongAdder(), bytesIn = new LongAdder(), bytesOut = new LongAdder(), noResponse = new LongAdder();
        final LongAdder uploads = new LongAdder(), uploadBytes = new LongAdder(), uploadNanos = new LongAdder();
        final LongAdder waits = new LongAdder(), waitNanos = new LongAdder(), capped = new LongAdder(), unreadable = new LongAdder();
        final Map<String, LongAdder> retryAfter = new ConcurrentHashMap<>();

        Row(String persona, String operation, String method, String path) {
            this.persona = persona;
            this.operation = operation;
            this.method = method;
            this.path = path;
            for (int i = 0; i < classes.length; i++) classes[i] = new LongAdder();
        }
    }

    /** Adds the operation with index {@code rows().size()}; setup only, before the load. */
    public void add(String persona, String operation, String method, String path) {
        rows.add(new Row(persona, operation, method, path));
    }

    public void recording(boolean on) { recording = on; }

    /** A response to operation {@code op}. */
    public void response(int op, int status, boolean throttled, String retryAfter, long in, long out) {
        bytesInTotal.add(in);
        bytesOutTotal.add(out);
        if (throttled) throttledTotal.increment();
        if (!recording) return;
        Row r = rows.get(op);
        r.classes[Math.min(5, Math.max(0, status / 100))].increment();
        r.bytesIn.add(in);
        r.bytesOut.add(out);
        if (throttled) {
            r.throttled.increment();
            String key = retryAfter == null ? "(none)" : retryAfter.trim();
            LongAdder a = r.retryAfter.get(key);
            if (a == null) {
                if (r.retryAfter.size() >= MAX_RETRY_AFTER_VALUES) key = "(other)";
                a = r.retryAfter.computeIfAbsent(key, k -> new LongAdder());
            }
            a.increment();
        }
    }

    /**
     * An upload of operation {@code op} was sent whole and answered (any status): {@code bytes} of file content in
     * {@code nanos} from the attempt's send to the response's last byte.
     */
    public void upload(int op, long bytes, long nanos) {
        if (!recording) return;
        Row r = rows.get(op);
        r.uploads.increment();
        r.uploadBytes.add(bytes);
        r.uploadNanos.add(nanos);
    }

    /**
     * A user of a persona that honours Retry-After waits {@code nanos} before its next request after operation
     * {@code op}'s throttled response; {@code capped} when the header asked for more than the persona's cap.
     */
    public void retryAfterWait(int op, long nanos, boolean capped) {
        if (!recording) return;
        Row r = rows.get(op);
        r.waits.increment();
        r.waitNanos.add(nanos);
        if (capped) r.capped.increment();
    }

    /** A throttled response to {@code op}, under a persona that honours Retry-After, had none or none readable. */
    public void retryAfterUnreadable(int op) {
        if (recording) rows.get(op).unreadable.increment();
    }

    /** Operation {@code op} got no response (connect failure, timeout, closed). */
    public void noResponse(int op, long in, long out) {
        bytesInTotal.add(in);
        bytesOutTotal.add(out);
        if (!recording) return;
        Row r = rows.get(op);
        r.noResponse.increment();
        r.bytesIn.add(in);
        r.bytesOut.add(out);
    }

    /** A response came over {@code protocol} (HTTP/1.1 or HTTP/2); counted while recording. */
    public void protocol(String protocol) {
        if (recording) protocols.computeIfAbsent(protocol, k -> new LongAdder()).increment();
    }

    /** Responses by protocol in the measured window. */
    public Map<String, Long> protocols() {
        Map<String, Long> out = new TreeMap<>();
        protocols.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Since the start, all phases: for the live monitor. */
    public long throttledTotal() { return throttledTotal.sum(); }

    public long bytesInTotal() { return bytesInTotal.sum(); }

    public long bytesOutTotal() { return bytesOutTotal.sum(); }

    private static HttpReport.Upload upload(Row r, double seconds) {
        long n = r.uploads.sum();
        if (n == 0) return null;
        long bytes = r.uploadBytes.sum();
        double busy = r.uploadNanos.sum() / 1e9;
        return new HttpReport.Upload(n, bytes, seconds > 0 ? bytes / 1e6 / seconds : 0, busy > 0 ? bytes / 1e6 / busy : 0);
    }

    private static HttpReport.Honoured honoured(Row r) {
        long n = r.waits.sum(), bad = r.unreadable.sum();
        return n + bad == 0 ? null : new HttpReport.Honoured(n, r.waitNanos.sum() / 1e9, r.capped.sum(), bad);
    }

    /** The rows of the measured window, in operation order, leaving out operations that never ran. */
    public List<HttpReport.Endpoint> endpoints(double seconds) {
        List<HttpReport.Endpoint> out = new ArrayList<>();
        for (Row r : rows) {
            long[] c = new long[6];
            long responses = 0;
            for (int i = 0; i < 6; i++) {
                c[i] = r.classes[i].sum();
                responses += c[i];
            }
            long none = r.noResponse.sum();
            if (responses + none == 0) continue;
            Map<String, Long> ra = new TreeMap<>();
            r.retryAfter.forEach((k, v) -> ra.put(k, v.sum()));
            long thr = r.throttled.sum();
            out.add(new HttpReport.Endpoint(r.persona, r.operation, r.method, r.path, responses + none, c[1], c[2], c[3], c[4], c[5], none, thr,
                    responses + none == 0 ? 0 : (double) thr / (responses + none), ra, r.bytesIn.sum(), r.bytesOut.sum(),
                    seconds > 0 ? r.bytesIn.sum() / seconds : 0, seconds > 0 ? r.bytesOut.sum() / seconds : 0, upload(r, seconds),
                    honoured(r)));
        }
        return out;
    }
}
