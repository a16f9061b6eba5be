package dev.stampede.postgres.health;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Light SQL text handling for matching and hints: a normal form in which JDBC {@code ?}, {@code $n}
 * placeholders and literals are all {@code ?} (so a workload statement matches its
 * pg_stat_statements entry), and the columns a WHERE clause filters on. Not a parser: good enough for
 * evidence, never used to build SQL.
 */
public final class SqlText {
    private static final Pattern STRING = Pattern.compile("'(?:[^']|'')*'");
    private static final Pattern PARAM = Pattern.compile("\\$\\d+|\\?");
    private static final Pattern NUMBER = Pattern.compile("(?<![a-z_0-9$])\\d+(?:\\.\\d+)?(?![a-z_0-9])");
    private static final Pattern WHERE = Pattern.compile(
            "\\bwhere\\b(.*?)(?:\\bgroup\\s+by\\b|\\border\\s+by\\b|\\blimit\\b|\\breturning\\b|\\bfor\\s+update\\b|$)", Pattern.DOTALL);
    private static final Pattern CONDITION = Pattern.compile(
            "(?:\\b[a-z_][a-z0-9_]*\\.)?([a-z_][a-z0-9_]*)\\)?(?:::[a-z ]+)?\\s*(?:=|<>|!=|<=|>=|<|>|\\blike\\b|\\bilike\\b|\\bin\\b|\\bbetween\\b|\\bis\\b)");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "null", "true", "false", "select", "from", "where");

    private SqlText() {
    }

    /** Lower case, single spaces, every literal and placeholder as {@code ?}, no monitoring marker. */
    public static String normalize(String sql) {
        String s = sql.replace(MonitorConnection.MARKER, "").toLowerCase(Locale.ROOT);
        s = STRING.matcher(s).replaceAll("?");
        s = PARAM.matcher(s).replaceAll("?");
        s = NUMBER.matcher(s).replaceAll("?");
        return s.replaceAll("\\s+", " ").trim();
    }

    /** Columns compared in the WHERE clause, in order of appearance. */
    public static Set<String> filterColumns(String sql) {
        Set<String> out = new LinkedHashSet<>();
        Matcher w = WHERE.matcher(normalize(sql));
        if (!w.find()) return out;
        Matcher c = CONDITION.matcher(w.group(1));
        while (c.find()) {
            String col = c.group(1);
            if (!KEYWORDS.contains(col)) out.add(col);
        }
        return out;
    }

    private static final Pattern WRITE = Pattern.compile("\\b(?:insert\\s+into|update|delete\\s+from|merge\\s+into)\\b");

    /**
     * Whether the statement changes data (INSERT, UPDATE, DELETE or MERGE, also inside a WITH), so that
     * its commit writes and flushes WAL; a plain SELECT's commit does not wait for a flush.
     */
    public static boolean writes(String sql) {
        String n = normalize(sql).replaceAll("\"[^\"]*\"", "?");
        return WRITE.matcher(n).find() || n.startsWith("copy ") && n.contains(" from ");
    }

    /** Whether the statement reads or writes {@code table} (optionally schema-qualified). */
    public static boolean mentionsTable(String sql, String schema, String table) {
        String n = normalize(sql);
        Pattern p = Pattern.compile("\\b(?:from|join|update|into)\\s+(?:\"?" + Pattern.quote(schema) + "\"?\\.)?\"?"
                + Pattern.quote(table.toLowerCase(Locale.ROOT)) + "\"?\\b");
        return p.matcher(n).find();
    }
}
