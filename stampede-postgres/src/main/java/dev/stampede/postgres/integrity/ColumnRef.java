package dev.stampede.postgres.integrity;

import dev.stampede.core.config.ConfigException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A column named by the user as {@code schema.table.column} (or {@code table.column} in the first schema checked),
 * and a relation between two columns as {@code child.col -> parent.col}. Identifiers are taken as PostgreSQL
 * stores them (unquoted lower case, or exactly as written between double quotes is not supported: name them as
 * stored). Immutable.
 */
record ColumnRef(String schema, String table, String column) {
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

    static ColumnRef parse(String text, String defaultSchema, String flag) {
        String[] parts = text.strip().split("\\.");
        for (String p : parts) {
            if (!IDENT.matcher(p).matches()) throw bad(text, flag);
        }
        return switch (parts.length) {
            case 2 -> new ColumnRef(defaultSchema, parts[0], parts[1]);
            case 3 -> new ColumnRef(parts[0], parts[1], parts[2]);
            default -> throw bad(text, flag);
        };
    }

    /** {@code child.col -> parent.col}, spaces optional. */
    static ColumnRef[] relation(String text, String defaultSchema) {
        Matcher m = Pattern.compile("^\\s*(\\S+)\\s*->\\s*(\\S+)\\s*$").matcher(text);
        if (!m.matches()) {
            throw new ConfigException("--relation '" + text + "' is not of the form child_table.column -> parent_table.column "
                    + "(schema.table.column also works), for example orders.user_id->users.id");
        }
        return new ColumnRef[] {parse(m.group(1), defaultSchema, "--relation"), parse(m.group(2), defaultSchema, "--relation")};
    }

    private static ConfigException bad(String text, String flag) {
        return new ConfigException(flag + " '" + text + "' does not name a column as table.column or schema.table.column "
                + "(identifiers as PostgreSQL stores them: letters, digits, _), for example users.email");
    }

    String qualifiedTable() { return q(schema) + "." + q(table); }

    String qcolumn() { return q(column); }

    static String q(String ident) { return "\"" + ident.replace("\"", "\"\"") + "\""; }

    @Override
    public String toString() { return schema + "." + table + "." + column; }
}
