package dev.stampede.postgres.pgbench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per-script counters for the pgbench section of the report: each command's executions, total time and failures
 * (pgbench's {@code -r}), the script's successes, and retries and failures by kind (serialization, deadlock,
 * client-error, or a SQLSTATE class). Cumulative and lock-free (LongAdder); the measured window is the difference
 * of two {@link #snapshot()}s. Thread-safe.
 */
public final class ScriptStats {
    private final Script script;
    private final LongAdder[] count;
    private final LongAdder[] nanos;
    private final LongAdder[] failures;
    private final LongAdder successes = new LongAdder();
    private final Map<String, LongAdder> retries = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failed = new ConcurrentHashMap<>();

    ScriptStats(Script script) {
        this.script = script;
        int n = script.texts().size();
        count = adders(n);
        nanos = adders(n);
        failures = adders(n);
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) a[i] = new LongAdder();
        return a;
    }

    public Script script() { return script; }

    void command(int index, long elapsedNanos) {
        count[index].increment();
        nanos[index].add(elapsedNanos);
    }

    void commandFailed(int index) {
        if (index >= 0) failures[index].increment();
    }

    void success() { successes.increment(); }

    void retry(String kind) { retries.computeIfAbsent(kind, k -> new LongAdder()).increment(); }

    void failure(String kind) { failed.computeIfAbsent(kind, k -> new LongAdder()).increment(); }

    /** The counters now. */
    public Snapshot snapshot() {
        int n = count.length;
        long[] c = new long[n], t = new long[n], f = new long[n];
        for (int i = 0; i < n; i++) {
            c[i] = count[i].sum();
            t[i] = nanos[i].sum();
            f[i] = failures[i].sum();
        }
        return new Snapshot(System.nanoTime(), successes.sum(), c, t, f, sums(retries), sums(failed));
    }

    private static Map<String, Long> sums(Map<String, LongAdder> m) {
        Map<String, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Counters at one instant ({@code atNanos} on System.nanoTime). */
    public record Snapshot(long atNanos, long successes, long[] count, long[] nanos, long[] failures, Map<String, Long> retries,
                           Map<String, Long> failed) {

        /** This minus an earlier snapshot: the window between them. */
        public Snapshot minus(Snapshot earlier) {
            int n = count.length;
            long[] c = new long[n], t = new long[n], f = new long[n];
            for (int i = 0; i < n; i++) {
                c[i] = count[i] - earlier.count[i];
                t[i] = nanos[i] - earlier.nanos[i];
                f[i] = failures[i] - earlier.failures[i];
            }
            return new Snapshot(atNanos - earlier.atNanos, successes - earlier.successes, c, t, f, diff(retries, earlier.retries),
                    diff(failed, earlier.failed));
        }

        /** This window and another one (several measured phases). */
        public Snapshot plus(Snapshot other) {
            int n = count.length;
            long[] c = new long[n], t = new long[n], f = new long[n];
            for (int i = 0; i < n; i++) {
                c[i] = count[i] + other.count[i];
                t[i] = nanos[i] + other.nanos[i];
                f[i] = failures[i] + other.failures[i];
            }
            Map<String, Long> r = new TreeMap<>(retries), fl = new TreeMap<>(failed);
            other.retries.forEach((k, v) -> r.merge(k, v, Long::sum));
            other.failed.forEach((k, v) -> fl.merge(k, v, Long::sum));
            return new Snapshot(atNanos + other.atNanos, successes + other.successes, c, t, f, r, fl);
        }

        private static Map<String, Long> diff(Map<String, Long> now, Map<String, Long> before) {
            Map<String, Long> out = new TreeMap<>();
            now.forEach((k, v) -> {
                long d = v - before.getOrDefault(k, 0L);
                if (d != 0) out.put(k, d);
            });
            return out;
        }

        public List<Long> counts() {
            List<Long> l = new ArrayList<>();
            for (long x : count) l.add(x);
            return l;
        }
    }
}
