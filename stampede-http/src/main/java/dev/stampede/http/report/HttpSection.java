package dev.stampede.http.report;

import dev.stampede.core.report.HtmlOut;
import dev.stampede.core.report.MarkdownTable;
import dev.stampede.core.report.RunReport;
import dev.stampede.core.target.ReportSection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The HTTP section of report.md, report.html and http.csv: per persona and endpoint the status classes, throttled
 * share with the Retry-After values, bytes each way, and the connections. HTML goes through {@link HtmlOut}, which
 * escapes everything (response-derived text such as Retry-After values and persona names included). Stateless.
 */
public final class HttpSection implements ReportSection {
    static final List<String> HEADERS = List.of("persona", "operation", "request", "requests", "2xx", "3xx", "4xx", "5xx", "no response",
            "throttled", "throttled %", "Retry-After seen", "KB in", "KB out");

    @Override public String key() { return HttpReport.KEY; }

    private static HttpReport report(Object extra) {
        return extra instanceof HttpReport r ? r : null;
    }

    @Override
    public void markdown(Object extra, StringBuilder out) {
        HttpReport r = report(extra);
        if (r == null) return;
        out.append("\n### HTTP\n\n");
        out.append(summary(r)).append("\n\n");
        MarkdownTable.append(out, HEADERS, rows(r));
        if (r.upload() != null) {
            out.append("\n#### HTTP: uploads\n\n").append(uploadSummary(r.upload())).append("\n\n");
            MarkdownTable.append(out, UPLOAD_HEADERS, uploadRows(r));
        }
        List<List<String>> honoured = honouredRows(r);
        if (!honoured.isEmpty()) {
            out.append("\n#### HTTP: Retry-After honoured\n\n").append(HONOURED_NOTE).append("\n\n");
            MarkdownTable.append(out, HONOURED_HEADERS, honoured);
        }
    }

    static final List<String> HONOURED_HEADERS = List.of("persona", "operation", "waits", "waited s", "mean wait s", "capped",
            "no readable Retry-After");
    static final String HONOURED_NOTE = "Users of personas with retry_after: honour waited before their next request as a throttled "
            + "response's Retry-After said (capped at the persona's retry_after_max; a longer think time stood). These waits are "
            + "not in any request's latency; they lower the request rate, as a well-behaved client's would.";

    private static List<List<String>> honouredRows(HttpReport r) {
        List<List<String>> out = new ArrayList<>();
        for (HttpReport.Endpoint e : r.endpoints()) {
            HttpReport.Honoured h = e.honoured();
            if (h == null) continue;
            out.add(List.of(e.persona(), e.operation(), Long.toString(h.waits()), String.format(Locale.ROOT, "%.1f", h.waitedS()),
                    h.waits() == 0 ? "" : String.format(Locale.ROOT, "%.2f", h.waitedS() / h.waits()), Long.toString(h.capped()),
                    Long.toString(h.unreadable())));
        }
        return out;
    }

    static final List<String> UPLOAD_HEADERS = List.of("persona", "operation", "uploads", "MB", "MB/s (all users)", "MB/s per upload");

    private static String uploadSummary(HttpReport.Upload u) {
        return String.format(Locale.ROOT, "%d uploads answered, %.1f MB of file content: %.2f MB/s over the measured window, "
                + "%.2f MB/s per upload (MB = 10^6 bytes; an upload's time runs from its send to the response's last byte).",
                u.uploads(), u.bytes() / 1e6, u.mbPerSec(), u.mbPerSecEach());
    }

    private static List<List<String>> uploadRows(HttpReport r) {
        List<List<String>> out = new ArrayList<>();
        for (HttpReport.Endpoint e : r.endpoints()) {
            HttpReport.Upload u = e.upload();
            if (u == null) continue;
            out.add(List.of(e.persona(), e.operation(), Long.toString(u.uploads()), String.format(Locale.ROOT, "%.1f", u.bytes() / 1e6),
                    String.format(Locale.ROOT, "%.2f", u.mbPerSec()), String.format(Locale.ROOT, "%.2f", u.mbPerSecEach())));
        }
        return out;
    }

    @Override
    public void html(Object extra, HtmlOut out) {
        HttpReport r = report(extra);
        if (r == null) return;
        out.heading("HTTP");
        out.paragraph(summary(r));
        List<List<?>> rows = new ArrayList<>();
        for (HttpReport.Endpoint e : r.endpoints()) {
            List<Object> row = new ArrayList<>();
            row.add(e.persona());
            row.add(e.operation());
            row.add(e.method() + " " + e.path());
            row.add(HtmlOut.num(e.requests(), Long.toString(e.requests())));
            row.add(HtmlOut.num(e.s2xx(), Long.toString(e.s2xx())));
            row.add(HtmlOut.num(e.s3xx(), Long.toString(e.s3xx())));
            row.add(HtmlOut.num(e.s4xx(), Long.toString(e.s4xx())));
            row.add(HtmlOut.num(e.s5xx(), Long.toString(e.s5xx())));
            row.add(HtmlOut.num(e.noResponse(), Long.toString(e.noResponse())));
            row.add(HtmlOut.num(e.throttled(), Long.toString(e.throttled())));
            row.add(HtmlOut.num(100 * e.throttledShare(), pct(e.throttledShare())));
            row.add(e.retryAfter().isEmpty() ? "" : e.retryAfter().toString());
            row.add(HtmlOut.num(e.bytesIn() / 1024.0, kb(e.bytesIn())));
            row.add(HtmlOut.num(e.bytesOut() / 1024.0, kb(e.bytesOut())));
            rows.add(row);
        }
        out.table(HEADERS, rows);
        if (r.upload() != null) {
            out.subheading("HTTP: uploads");
            out.paragraph(uploadSummary(r.upload()));
            List<List<?>> up = new ArrayList<>();
            for (HttpReport.Endpoint e : r.endpoints()) {
                HttpReport.Upload u = e.upload();
                if (u == null) continue;
                up.add(List.of(e.persona(), e.operation(), HtmlOut.num(u.uploads(), Long.toString(u.uploads())),
                        HtmlOut.num(u.bytes() / 1e6, String.format(Locale.ROOT, "%.1f", u.bytes() / 1e6)),
                        HtmlOut.num(u.mbPerSec(), String.format(Locale.ROOT, "%.2f", u.mbPerSec())),
                        HtmlOut.num(u.mbPerSecEach(), String.format(Locale.ROOT, "%.2f", u.mbPerSecEach()))));
            }
            out.table(UPLOAD_HEADERS, up);
        }
        List<List<String>> honoured = honouredRows(r);
        if (!honoured.isEmpty()) {
            out.subheading("HTTP: Retry-After honoured");
            out.paragraph(HONOURED_NOTE);
            out.table(HONOURED_HEADERS, honoured);
        }
    }

    private static String summary(HttpReport r) {
        StringBuilder protocols = new StringBuilder();
        r.protocols().forEach((k, v) -> protocols.append(protocols.isEmpty() ? " Responses over " : ", ").append(k).append(": ").append(v));
        if (!protocols.isEmpty()) protocols.append('.');
        return String.format(Locale.ROOT, "%s (%s). Client: %s, connections %s; %d opened, at most %d open at once, %d connect failures. "
                        + "%d requests, %d throttled (%s).%s Personas: %s.", r.baseUrl(), r.server(), r.transport(), r.connectionPolicy(),
                r.connectionsOpened(), r.peakConnections(), r.connectFailures(), r.requests(), r.throttled(), pct(r.throttledShare()),
                protocols, String.join(", ", r.personas()));
    }

    private static List<List<String>> rows(HttpReport r) {
        List<List<String>> out = new ArrayList<>();
        for (HttpReport.Endpoint e : r.endpoints()) {
            out.add(List.of(e.persona(), e.operation(), e.method() + " " + e.path(), Long.toString(e.requests()), Long.toString(e.s2xx()),
                    Long.toString(e.s3xx()), Long.toString(e.s4xx()), Long.toString(e.s5xx()), Long.toString(e.noResponse()),
                    Long.toString(e.throttled()), pct(e.throttledShare()), e.retryAfter().isEmpty() ? "" : e.retryAfter().toString(),
                    kb(e.bytesIn()), kb(e.bytesOut())));
        }
        return out;
    }

    private static String pct(double share) { return String.format(Locale.ROOT, "%.1f %%", 100 * share); }

    private static String kb(long bytes) { return String.format(Locale.ROOT, "%.1f", bytes / 1024.0); }

    @Override
    public List<Path> csv(RunReport report, Path dir) throws IOException {
        StringBuilder b = new StringBuilder("scenario,persona,operation,method,path,requests,s1xx,s2xx,s3xx,s4xx,s5xx,no_response,throttled,"
                + "throttled_share,bytes_in,bytes_out,uploads,upload_bytes,upload_mb_per_s,retry_after_waits,retry_after_waited_s,"
                + "retry_after_capped,retry_after_unreadable\n");
        boolean any = false;
        for (var s : report.scenarios()) {
            HttpReport hr = report(s.extras().get(HttpReport.KEY));
            if (hr == null) continue;
            any = true;
            for (HttpReport.Endpoint e : hr.endpoints()) {
                b.append(String.join(",", csv(s.name()), csv(e.persona()), csv(e.operation()), csv(e.method()), csv(e.path()),
                        Long.toString(e.requests()), Long.toString(e.s1xx()), Long.toString(e.s2xx()), Long.toString(e.s3xx()),
                        Long.toString(e.s4xx()), Long.toString(e.s5xx()), Long.toString(e.noResponse()), Long.toString(e.throttled()),
                        String.format(Locale.ROOT, "%.6f", e.throttledShare()), Long.toString(e.bytesIn()), Long.toString(e.bytesOut()),
                        e.upload() == null ? "0" : Long.toString(e.upload().uploads()), e.upload() == null ? "0" : Long.toString(e.upload().bytes()),
                        e.upload() == null ? "0" : String.format(Locale.ROOT, "%.3f", e.upload().mbPerSec()),
                        e.honoured() == null ? "0" : Long.toString(e.honoured().waits()),
                        e.honoured() == null ? "0" : String.format(Locale.ROOT, "%.3f", e.honoured().waitedS()),
                        e.honoured() == null ? "0" : Long.toString(e.honoured().capped()),
                        e.honoured() == null ? "0" : Long.toString(e.honoured().unreadable())))
                        .append('\n');
            }
        }
        if (!any) return List.of();
        Path f = dir.resolve("http.csv");
        Files.writeString(f, b);
        return List.of(f);
    }

    private static String csv(String v) {
        return v.contains(",") || v.contains("\"") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
