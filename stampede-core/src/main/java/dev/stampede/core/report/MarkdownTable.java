package dev.stampede.core.report;

import java.util.List;

/**
 * A Markdown table for report sections, the Markdown twin of {@link HtmlOut#table}: a header row, the separator, one
 * line per row; every cell escaped ({@link #cell}), {@link HtmlOut.Num} cells written as their text. Stateless.
 */
public final class MarkdownTable {
    private MarkdownTable() {
    }

    /** Appends the table to {@code out}. */
    public static void append(StringBuilder out, List<String> headers, List<? extends List<?>> rows) {
        out.append("| ").append(String.join(" | ", headers.stream().map(MarkdownTable::cell).toList())).append(" |\n|")
                .append("---|".repeat(headers.size())).append('\n');
        for (List<?> row : rows) {
            out.append('|');
            for (Object c : row) out.append(' ').append(cell(c instanceof HtmlOut.Num n ? n.text() : String.valueOf(c))).append(" |");
            out.append('\n');
        }
    }

    /** A cell's text: pipes escaped and line breaks flattened, so a value cannot break the table. */
    public static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }
}
