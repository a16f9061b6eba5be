package dev.stampede.core.report;

import java.util.List;
import java.util.Locale;

/**
 * A tiny HTML builder for a target's section of report.html ({@link dev.stampede.core.target.ReportSection#html}).
 * Every string given to it is escaped; markup comes only from its own methods (headings, paragraphs, preformatted
 * text, lists, tables), so a target's data (SQL text, error messages, names) can never inject markup or script,
 * and target code needs no HTML knowledge. Each method writes one complete element, so the output is always
 * well formed. Not thread-safe: one instance per section being rendered.
 */
public final class HtmlOut {
    private final StringBuilder b = new StringBuilder();

    /**
     * A table cell with a number: {@code value} goes into the cell's {@code data-value} (the page sorts by it),
     * {@code text} is what a reader sees (formatted with units, or "not measured").
     */
    public record Num(double value, String text) {
    }

    /** A number cell shown as {@code text}. */
    public static Num num(double value, String text) {
        return new Num(value, text);
    }

    /** A section heading (one level below the scenario's). */
    public HtmlOut heading(String text) {
        return element("h3", text);
    }

    /** A heading inside a section. */
    public HtmlOut subheading(String text) {
        return element("h4", text);
    }

    public HtmlOut paragraph(String text) {
        return element("p", text);
    }

    /** Text shown as is, line breaks and spacing kept (SQL, plans, a Markdown fallback). */
    public HtmlOut preformatted(String text) {
        return element("pre", text);
    }

    /** A bulleted list, one item per string. Nothing is written for an empty list. */
    public HtmlOut list(List<String> items) {
        if (items.isEmpty()) return this;
        b.append("<ul>");
        for (String i : items) b.append("<li>").append(HtmlEscape.text(i)).append("</li>");
        b.append("</ul>\n");
        return this;
    }

    /**
     * A sortable table. A cell is a {@link Num} (sorted by its value), a {@link Number} (integers shown with
     * thousands separators, other numbers with three decimals), null (empty) or anything else, shown as its
     * {@code toString()}. Rows shorter than the header get empty cells. Nothing is written without rows.
     */
    public HtmlOut table(List<String> headers, List<? extends List<?>> rows) {
        if (rows.isEmpty()) return this;
        b.append("<table class=\"sortable\"><thead><tr>");
        for (String h : headers) b.append("<th>").append(HtmlEscape.text(h)).append("</th>");
        b.append("</tr></thead><tbody>\n");
        for (List<?> row : rows) {
            b.append("<tr>");
            for (int i = 0; i < Math.max(headers.size(), row.size()); i++) cell(i < row.size() ? row.get(i) : null);
            b.append("</tr>\n");
        }
        b.append("</tbody></table>\n");
        return this;
    }

    /**
     * A place for chart {@code key} of the scenario's data: one of the charts an extra that is a {@link ChartSource}
     * gives (the page draws it from the embedded data, not from markup here).
     */
    public HtmlOut chart(String key) {
        b.append("<div class=\"chart\" data-chart=\"").append(HtmlEscape.attr(key)).append("\"></div>\n");
        return this;
    }

    private void cell(Object v) {
        switch (v) {
            case null -> b.append("<td></td>");
            case Num n -> number(n.value(), n.text());
            case Long l -> number(l, String.format(Locale.ROOT, "%,d", l));
            case Integer n -> number(n, String.format(Locale.ROOT, "%,d", n));
            case Number n -> number(n.doubleValue(), String.format(Locale.ROOT, "%,.3f", n.doubleValue()));
            default -> b.append("<td>").append(HtmlEscape.text(v.toString())).append("</td>");
        }
    }

    private void number(double value, String text) {
        String raw = value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
        b.append("<td class=\"num\" data-value=\"").append(HtmlEscape.attr(raw)).append("\">")
                .append(HtmlEscape.text(text)).append("</td>");
    }

    private HtmlOut element(String tag, String text) {
        b.append('<').append(tag).append('>').append(HtmlEscape.text(text)).append("</").append(tag).append(">\n");
        return this;
    }

    /** The markup written so far. */
    public String html() {
        return b.toString();
    }
}
