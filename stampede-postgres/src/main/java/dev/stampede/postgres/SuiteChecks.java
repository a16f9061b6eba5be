package dev.stampede.postgres;

import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.metrics.OperationSummary;
import dev.stampede.core.verdict.MetricVerdict;
import dev.stampede.core.verdict.Status;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks across operations and scenarios of seed 002's repository benchmarks, by the operation and
 * scenario naming the repository workload uses: pagination cost against page size ({@code page_N}),
 * per-item overhead of one-by-one against bulk inserts ({@code insert_each_N}, {@code bulk_insert_N}),
 * commit overhead of transactions ({@code tx_N}), and throughput scaling with concurrency
 * ({@code repo-reads-cN}, {@code repo-writes-cN}). Each check appears only when its runs are present.
 */
public final class SuiteChecks {
    private static final Pattern SIZED = Pattern.compile("(page|insert_each|bulk_insert|tx)_(\\d+)");
    private static final Pattern CONCURRENCY = Pattern.compile("repo-(reads|writes)-c(\\d+)");

    private SuiteChecks() {
    }

    public static List<MetricVerdict> evaluate(List<ScenarioRun> runs) {
        List<MetricVerdict> out = new ArrayList<>();
        Map<String, TreeMap<Integer, OperationSummary>> sized = new TreeMap<>();
        Map<String, TreeMap<Integer, OperationSummary>> byConcurrency = new TreeMap<>();
        for (ScenarioRun r : runs) {
            for (OperationSummary op : r.metrics().operations()) {
                Matcher m = SIZED.matcher(op.name());
                if (m.matches() && op.ok() > 0) sized.computeIfAbsent(m.group(1), k -> new TreeMap<>()).put(Integer.parseInt(m.group(2)), op);
            }
            Matcher c = CONCURRENCY.matcher(r.plan().name());
            if (c.matches() && r.metrics().all().ok() > 0) {
                byConcurrency.computeIfAbsent(c.group(1), k -> new TreeMap<>()).put(Integer.parseInt(c.group(2)), r.metrics().all());
            }
        }
        pagination(sized.get("page"), out);
        bulk(sized.get("insert_each"), sized.get("bulk_insert"), out);
        transactions(sized.get("tx"), out);
        byConcurrency.forEach((kind, series) -> concurrency(kind, series, out));
        return out;
    }

    private static void pagination(TreeMap<Integer, OperationSummary> pages, List<MetricVerdict> out) {
        if (pages == null || pages.size() < 2) return;
        int small = pages.firstKey(), large = pages.lastKey();
        double ratio = pages.get(large).latency().meanMs() / pages.get(small).latency().meanMs();
        double rows = (double) large / small;
        StringBuilder detail = new StringBuilder();
        pages.forEach((n, op) -> detail.append(f("page %d: %.3f ms (%.4f ms/row); ", n, op.latency().meanMs(), op.latency().meanMs() / n)));
        out.add(new MetricVerdict("pagination_cost_growth", "Pagination cost, page " + large + " vs page " + small, ratio, "x",
                rows, "<=", ratio <= rows ? Status.PASSED : Status.WARNING, null,
                detail + (ratio <= rows ? "cost grows linearly or better with page size"
                        : "cost grows faster than the page size: check the ORDER BY index and OFFSET depth")));
    }

    private static void bulk(TreeMap<Integer, OperationSummary> each, TreeMap<Integer, OperationSummary> bulk, List<MetricVerdict> out) {
        if (each == null || bulk == null) return;
        for (int n : each.keySet()) {
            OperationSummary b = bulk.get(n);
            if (b == null) continue;
            double perEach = each.get(n).latency().meanMs() / n, perBulk = b.latency().meanMs() / n;
            out.add(new MetricVerdict("bulk_per_item_" + n, "Per-item insert time, " + n + " rows: one-by-one vs bulk",
                    perEach / perBulk, "x faster", 1.0, ">=", perBulk <= perEach ? Status.PASSED : Status.WARNING, null,
                    f("one-by-one %.3f ms per row, bulk %.3f ms per row: per-item overhead %.3f ms", perEach, perBulk, perEach - perBulk)));
        }
    }

    private static void transactions(TreeMap<Integer, OperationSummary> tx, List<MetricVerdict> out) {
        if (tx == null || tx.size() < 2) return;
        // least squares: mean = fixed + perOp * k; "fixed" is BEGIN/COMMIT and round trips
        int n = tx.size();
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (var e : tx.entrySet()) {
            double x = e.getKey(), y = e.getValue().latency().meanMs();
            sx += x; sy += y; sxx += x * x; sxy += x * y;
        }
        double perOp = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        double fixed = (sy - perOp * sx) / n;
        StringBuilder detail = new StringBuilder();
        tx.forEach((k, op) -> detail.append(f("%d ops: %.3f ms; ", k, op.latency().meanMs())));
        out.add(new MetricVerdict("transaction_commit_overhead", "Transaction fixed cost (commit overhead)", fixed, "ms", null,
                "<=", Status.PASSED, null, detail + f("fit: %.3f ms per transaction + %.3f ms per operation (update + audit row)", fixed, perOp)));
    }

    private static void concurrency(String kind, TreeMap<Integer, OperationSummary> s, List<MetricVerdict> out) {
        if (s.size() < 2) return;
        int base = s.firstKey();
        OperationSummary b = s.get(base);
        for (var e : s.tailMap(base, false).entrySet()) {
            int c = e.getKey();
            OperationSummary o = e.getValue();
            double scaling = o.throughputPerSec() / b.throughputPerSec();
            double latencyGrowth = o.latency().meanMs() / b.latency().meanMs();
            double concurrencyGrowth = (double) c / base;
            boolean bad = latencyGrowth > concurrencyGrowth;
            out.add(new MetricVerdict("concurrency_" + kind + "_c" + c, f("%s throughput scaling, %d vs %d users",
                    kind.equals("reads") ? "Read" : "Write", c, base), scaling, "x", null, ">=",
                    bad ? Status.WARNING : Status.PASSED, null,
                    f("%.0f -> %.0f ops/s; mean latency %.3f -> %.3f ms (%.1fx for %.0fx the users)%s", b.throughputPerSec(),
                            o.throughputPerSec(), b.latency().meanMs(), o.latency().meanMs(), latencyGrowth, concurrencyGrowth,
                            bad ? ": latency grows faster than concurrency" : "")));
        }
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
