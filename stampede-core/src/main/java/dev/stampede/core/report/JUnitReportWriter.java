package dev.stampede.core.report;

import dev.stampede.core.compare.Change;
import dev.stampede.core.compare.Comparison;
import dev.stampede.core.compare.ComparisonRow;
import dev.stampede.core.verdict.MetricVerdict;
import dev.stampede.core.verdict.Status;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code junit.xml}: the run as JUnit XML, the format CI systems (Jenkins, GitLab, GitHub Actions test reporters)
 * read, in the shape of the Jenkins JUnit schema ({@code junit-10.xsd}). One {@code testsuite} per scenario with one
 * {@code testcase} per threshold verdict; one for the suite checks; one for the comparison with the baseline (one
 * test case per row). A failed verdict or a regression row is a {@code failure} whose message carries the numbers;
 * warnings pass and say so in {@code system-out}. Stateless.
 */
public final class JUnitReportWriter {
    private JUnitReportWriter() {
    }

    /** Writes {@code junit.xml} into {@code dir}; {@code comparison} may be null. */
    public static Path write(RunReport report, Comparison comparison, Path dir) throws IOException {
        Path file = dir.resolve("junit.xml");
        Files.writeString(file, xml(report, comparison), StandardCharsets.UTF_8);
        return file;
    }

    private record Case(String name, String classname, double seconds, String failure, String detail, String out) {
    }

    static String xml(RunReport report, Comparison comparison) {
        List<String> suites = new ArrayList<>();
        int id = 0;
        int tests = 0, failures = 0;
        for (ScenarioReport s : report.scenarios()) {
            List<Case> cases = new ArrayList<>();
            double each = s.verdicts().isEmpty() ? 0 : s.elapsedSeconds() / s.verdicts().size();
            for (MetricVerdict v : s.verdicts()) cases.add(verdictCase(v, "stampede." + s.name(), each));
            if (s.partial()) {
                cases.add(new Case("completed", "stampede." + s.name(), 0, "the scenario did not run to its end: " + s.stopReason(),
                        s.stopDetail() == null ? s.stopReason() : s.stopDetail(), null));
            }
            suites.add(suite(id++, s.name(), s.startedAt(), s.elapsedSeconds(), cases));
            tests += cases.size();
            failures += (int) cases.stream().filter(c -> c.failure() != null).count();
        }
        if (!report.suiteChecks().isEmpty()) {
            List<Case> cases = new ArrayList<>();
            for (MetricVerdict v : report.suiteChecks()) cases.add(verdictCase(v, "stampede.suite-checks", 0));
            suites.add(suite(id++, "suite-checks", report.finishedAt(), 0, cases));
            tests += cases.size();
            failures += (int) cases.stream().filter(c -> c.failure() != null).count();
        }
        if (comparison != null) {
            List<Case> cases = new ArrayList<>();
            for (ComparisonRow r : comparison.rows()) {
                String cls = "stampede.comparison." + r.scenario();
                String out = r.verdict() == Change.REGRESSION ? null : r.verdict().label() + ": " + r.reason() + " [" + r.method() + "]";
                cases.add(new Case(r.operation() + " " + r.metric(), cls, 0,
                        r.verdict() == Change.REGRESSION ? "regression: " + r.reason() : null, r.method(), out));
            }
            suites.add(suite(id, "comparison", report.finishedAt(), 0, cases));
            tests += cases.size();
            failures += (int) cases.stream().filter(c -> c.failure() != null).count();
        }
        double total = report.scenarios().stream().mapToDouble(ScenarioReport::elapsedSeconds).sum();
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"stampede\" tests=\"" + tests + "\" failures=\"" + failures
                + "\" errors=\"0\" time=\"" + secs(total) + "\">\n" + String.join("", suites) + "</testsuites>\n";
    }

    private static Case verdictCase(MetricVerdict v, String classname, double seconds) {
        String numbers = v.label() + " " + num(v.value()) + " " + v.unit()
                + (v.limit() == null ? "" : " (limit " + v.comparator() + " " + num(v.limit()) + " " + v.unit() + ")");
        String failure = v.status() == Status.FAILED ? numbers + (v.reason() == null ? "" : ": " + v.reason()) : null;
        String out = v.status() == Status.FAILED ? null : v.status().name().toLowerCase(Locale.ROOT) + ": " + numbers
                + (v.rating() == null ? "" : ", rated " + v.rating()) + (v.reason() == null ? "" : "; " + v.reason());
        return new Case(v.metric(), classname, seconds, failure, v.reason(), out);
    }

    private static String suite(int id, String name, String timestamp, double seconds, List<Case> cases) {
        long failed = cases.stream().filter(c -> c.failure() != null).count();
        StringBuilder b = new StringBuilder("  <testsuite name=\"").append(attr(name)).append("\" tests=\"").append(cases.size())
                .append("\" failures=\"").append(failed).append("\" errors=\"0\" skipped=\"0\" time=\"").append(secs(seconds))
                .append("\" id=\"").append(id).append('"');
        String ts = timestamp == null ? null : junitTimestamp(timestamp);
        if (ts != null) b.append(" timestamp=\"").append(ts).append('"');
        b.append(" hostname=\"localhost\">\n");
        for (Case c : cases) {
            b.append("    <testcase name=\"").append(attr(c.name())).append("\" classname=\"").append(attr(c.classname()))
                    .append("\" time=\"").append(secs(c.seconds())).append('"');
            if (c.failure() == null && c.out() == null) {
                b.append("/>\n");
                continue;
            }
            b.append(">\n");
            if (c.failure() != null) {
                b.append("      <failure message=\"").append(attr(c.failure())).append("\" type=\"").append(c.classname().contains(".comparison.")
                        ? "regression" : "threshold").append("\">").append(text(c.detail() == null ? c.failure() : c.failure() + "\n" + c.detail()))
                        .append("</failure>\n");
            }
            if (c.out() != null) b.append("      <system-out>").append(text(c.out())).append("</system-out>\n");
            b.append("    </testcase>\n");
        }
        return b.append("  </testsuite>\n").toString();
    }

    /** The schema's timestamp is an ISO-8601 date-time without a time zone; ours are UTC with 'Z' and milliseconds. */
    static String junitTimestamp(String iso) {
        String s = iso.endsWith("Z") ? iso.substring(0, iso.length() - 1) : iso;
        int dot = s.indexOf('.');
        return (dot > 0 ? s.substring(0, dot) : s).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d") ? (dot > 0 ? s.substring(0, dot) : s) : null;
    }

    private static String secs(double s) {
        return String.format(Locale.ROOT, "%.3f", Math.max(0, s));
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.1f" : "%.3f", v);
    }

    private static String attr(String s) {
        return text(s).replace("\"", "&quot;").replace("\n", "&#10;");
    }

    /** XML text: the markup characters escaped and the characters XML 1.0 cannot carry dropped. */
    private static String text(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                default -> {
                    boolean ok = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD)
                            || (cp >= 0x10000 && cp <= 0x10FFFF);
                    if (ok) b.appendCodePoint(cp);
                }
            }
        });
        return b.toString();
    }
}
