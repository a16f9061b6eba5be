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
 * The WebSocket part of the HTTP section in report.md, report.html and websocket.csv: connections opened and at most
 * open, handshake failures, messages each way with their rates, the server's close codes, and per WebSocket step its
 * sends, matches, skips and timeouts. HTML goes through {@link HtmlOut}, which escapes everything. Stateless.
 */
public final class WsSection implements ReportSection {
    static final List<String> HEADERS = List.of("persona", "operation", "step", "attempts", "sent", "matched", "skipped", "timeouts", "failed");

    @Override public String key() { return WsReport.KEY; }

    private static WsReport report(Object extra) {
        return extra instanceof WsReport r ? r : null;
    }

    private static String summary(WsReport r) {
        return String.format(Locale.ROOT, "%d WebSockets opened, at most %d open at once, %d handshake failures. Messages: %d sent (%.1f/s, "
                        + "%.1f KB), %d received (%.1f/s, %.1f KB). Server close codes: %s.", r.connectionsOpened(), r.peakOpen(),
                r.handshakeFailures(), r.messagesOut(), r.messagesOutPerSec(), r.bytesOut() / 1024.0, r.messagesIn(), r.messagesInPerSec(),
                r.bytesIn() / 1024.0, r.closeCodes().isEmpty() ? "none" : r.closeCodes().toString());
    }

    private static List<String> row(WsReport.Step s) {
        return List.of(s.persona(), s.operation(), s.action() + (s.target().isEmpty() ? "" : " " + s.target()), Long.toString(s.attempts()),
                Long.toString(s.sent()), Long.toString(s.matched()), Long.toString(s.skipped()), Long.toString(s.timeouts()),
                Long.toString(s.failures()));
    }

    @Override
    public void markdown(Object extra, StringBuilder out) {
        WsReport r = report(extra);
        if (r == null) return;
        out.append("\n#### HTTP: WebSockets\n\n").append(summary(r)).append("\n\n");
        if (r.steps().isEmpty()) return;
        MarkdownTable.append(out, HEADERS, r.steps().stream().map(WsSection::row).toList());
    }

    @Override
    public void html(Object extra, HtmlOut out) {
        WsReport r = report(extra);
        if (r == null) return;
        out.heading("HTTP: WebSockets");
        out.paragraph(summary(r));
        if (r.steps().isEmpty()) return;
        List<List<?>> rows = new ArrayList<>();
        for (WsReport.Step s : r.steps()) {
            List<Object> row = new ArrayList<>(row(s).subList(0, 3));
            for (long v : new long[] {s.attempts(), s.sent(), s.matched(), s.skipped(), s.timeouts(), s.failures()}) {
                row.add(HtmlOut.num(v, Long.toString(v)));
            }
            rows.add(row);
        }
        out.table(HEADERS, rows);
    }

    @Override
    public List<Path> csv(RunReport report, Path dir) throws IOException {
        StringBuilder b = new StringBuilder("scenario,persona,operation,action,target,attempts,sent,matched,skipped,timeouts,failed\n");
        boolean any = false;
        for (var sc : report.scenarios()) {
            WsReport r = report(sc.extras().get(WsReport.KEY));
            if (r == null) continue;
            any = true;
            for (WsReport.Step s : r.steps()) {
                b.append(String.join(",", csv(sc.name()), csv(s.persona()), csv(s.operation()), s.action(), csv(s.target()),
                        Long.toString(s.attempts()), Long.toString(s.sent()), Long.toString(s.matched()), Long.toString(s.skipped()),
                        Long.toString(s.timeouts()), Long.toString(s.failures()))).append('\n');
            }
        }
        if (!any) return List.of();
        Path f = dir.resolve("websocket.csv");
        Files.writeString(f, b);
        return List.of(f);
    }

    private static String csv(String v) {
        return v.contains(",") || v.contains("\"") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
