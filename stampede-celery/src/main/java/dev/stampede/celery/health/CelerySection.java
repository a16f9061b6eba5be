package dev.stampede.celery.health;

import dev.stampede.celery.TaskStats;
import dev.stampede.core.report.HtmlOut;
import dev.stampede.core.report.RunReport;
import dev.stampede.core.report.ScenarioReport;
import dev.stampede.core.target.ReportSection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Celery section of the reports: outcomes per task (submitted, completed, failed by exception type, retries, never
 * completed), publish latency, end-to-end time and its split into queue wait, run time and result delivery, the queue
 * length and drain, and the cross-check against the result backend; in report.md, report.html and celery.csv. Stateless.
 */
public final class CelerySection implements ReportSection {

    @Override public String key() { return CeleryReport.KEY; }

    @Override
    public void markdown(Object extra, StringBuilder b) {
        if (!(extra instanceof CeleryReport r)) return;
        b.append("### Celery\n\n");
        for (String[] row : facts(r)) b.append("- ").append(row[0]).append(": ").append(row[1]).append('\n');
        b.append('\n');
        b.append("| Task | Submitted | Succeeded | Failed | Retries | Never completed | Publish p99 ms | End-to-end p50 / p99 ms "
                + "| Queue wait p50 / p99 ms | Run time p50 / p99 ms |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (TaskStats.Snapshot t : r.tasks()) {
            List<String> c = cells(t);
            b.append("| ").append(String.join(" | ", c)).append(" |\n");
        }
        b.append('\n');
        for (TaskStats.Snapshot t : r.tasks()) {
            t.failuresByType().forEach((type, n) -> b.append("- ").append(t.name()).append(" failed ").append(n).append("x with ")
                    .append(type).append(": `").append(t.failureSamples().getOrDefault(type, "").replace("`", "'")).append("`\n"));
        }
        b.append('\n');
    }

    private static List<String> cells(TaskStats.Snapshot t) {
        return List.of(t.name(), Long.toString(t.submitted()), Long.toString(t.succeeded()), Long.toString(t.failed()),
                Long.toString(t.retries()), Long.toString(t.unknown()), p(t.publishLatency(), "p99_ms"),
                p(t.endToEnd(), "p50_ms") + " / " + p(t.endToEnd(), "p99_ms"), p(t.queueWait(), "p50_ms") + " / " + p(t.queueWait(), "p99_ms"),
                p(t.runTime(), "p50_ms") + " / " + p(t.runTime(), "p99_ms"));
    }

    /** The headline facts, label and value, shared by every format. */
    static List<String[]> facts(CeleryReport r) {
        List<String[]> out = new ArrayList<>();
        TaskStats.Snapshot a = r.all();
        out.add(new String[]{"Broker / result backend", r.broker() + " / " + (r.resultBackend() == null ? "none" : r.resultBackend())});
        out.add(new String[]{"Queue", r.queue() + " (attempts end at the " + r.awaitMode() + ")"});
        if (r.worker() != null) out.add(new String[]{"Worker", r.worker()});
        out.add(new String[]{"Tasks", f("%d submitted (%.1f/s), %d completed (%.1f/s): %d succeeded, %d failed, %d retries, %d never completed",
                a.submitted(), r.submittedPerSecond(), a.completed(), r.completedPerSecond(), a.succeeded(), a.failed(), a.retries(), a.unknown())});
        if (a.queueWait() != null) {
            out.add(new String[]{"Split of end-to-end (probe timestamps)", f("queue wait p50 %.2f ms, run time p50 %.2f ms, result delivery "
                    + "p50 %.2f ms; parts add up to end-to-end within %.1f µs on average over %d tasks%s", a.queueWait().get("p50_ms"),
                    a.runTime().get("p50_ms"), a.resultDelivery().get("p50_ms"), Math.abs(a.splitResidualUs()), a.splitTasks(),
                    a.skewed() > 0 ? f(" (%d with clock skew)", a.skewed()) : "")});
        }
        out.add(new String[]{"Queue length", f("max %d ready; backlog at the load's end %d%s; %s", r.maxQueueLength(), r.backlogAtLoadEnd(),
                r.growthPerSecond() == null ? "" : f(", growth %.1f tasks/s", r.growthPerSecond()),
                r.drainSeconds() == null ? "did not drain within the drain timeout" : f("drained %.1f s after the load", r.drainSeconds()))});
        if (r.crossCheck() != null) out.add(new String[]{"Cross-check", r.crossCheck()});
        if (r.stalled() != null) out.add(new String[]{"No consumer", r.stalled()});
        return out;
    }

    @Override
    public void html(Object extra, HtmlOut out) {
        if (!(extra instanceof CeleryReport r)) return;
        out.subheading("Celery");
        List<List<?>> rows = new ArrayList<>();
        for (String[] f : facts(r)) rows.add(List.of(f[0], f[1]));
        out.table(List.of("Fact", "Value"), rows);
        List<List<?>> t = new ArrayList<>();
        for (TaskStats.Snapshot s : r.tasks()) t.add(cells(s));
        out.table(List.of("Task", "Submitted", "Succeeded", "Failed", "Retries", "Never completed", "Publish p99 ms", "End-to-end p50 / p99 ms",
                "Queue wait p50 / p99 ms", "Run time p50 / p99 ms"), t);
        List<String> failures = new ArrayList<>();
        for (TaskStats.Snapshot s : r.tasks()) {
            s.failuresByType().forEach((type, n) -> failures.add(s.name() + " failed " + n + "x with " + type + ": "
                    + s.failureSamples().getOrDefault(type, "")));
        }
        if (!failures.isEmpty()) out.list(failures);
    }

    @Override
    public List<Path> csv(RunReport report, Path dir) throws IOException {
        StringBuilder b = new StringBuilder("scenario,task,submitted,succeeded,failed,retries,never_completed,publish_p99_ms,e2e_p50_ms,"
                + "e2e_p99_ms,queue_wait_p50_ms,queue_wait_p99_ms,run_time_p50_ms,run_time_p99_ms,max_queue_length,drain_seconds\n");
        boolean any = false;
        for (ScenarioReport s : report.scenarios()) {
            if (!(s.extras().get(CeleryReport.KEY) instanceof CeleryReport r)) continue;
            any = true;
            for (TaskStats.Snapshot t : r.tasks()) {
                b.append(String.join(",", s.name(), t.name(), Long.toString(t.submitted()), Long.toString(t.succeeded()),
                        Long.toString(t.failed()), Long.toString(t.retries()), Long.toString(t.unknown()), p(t.publishLatency(), "p99_ms"),
                        p(t.endToEnd(), "p50_ms"), p(t.endToEnd(), "p99_ms"), p(t.queueWait(), "p50_ms"), p(t.queueWait(), "p99_ms"),
                        p(t.runTime(), "p50_ms"), p(t.runTime(), "p99_ms"), Long.toString(r.maxQueueLength()),
                        r.drainSeconds() == null ? "" : f("%.3f", r.drainSeconds()))).append('\n');
            }
        }
        if (!any) return List.of();
        Path p = dir.resolve("celery.csv");
        Files.writeString(p, b);
        return List.of(p);
    }

    private static String p(Map<String, Double> m, String k) { return m == null ? "" : f("%.3f", m.get(k)); }

    private static String f(String format, Object... args) { return String.format(Locale.ROOT, format, args); }
}
