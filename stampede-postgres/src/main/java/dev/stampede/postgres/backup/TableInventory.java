package dev.stampede.postgres.backup;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Row counts and content checksums of every table of a database (or of the named schemas), read with SELECTs only.
 * A table's checksum is the sum of the first 64 bits of each row's {@code md5(row::text)}: independent of row order
 * and of physical layout, so a table restored from a dump has the same checksum as its source exactly when they
 * hold the same multiset of rows. Tables are ordinary tables and populated materialized views outside the system
 * schemas; {@code FROM ONLY} keeps an inheritance parent from counting its children's rows. Stateless.
 */
final class TableInventory {
    private static final String TABLES = """
            SELECT n.nspname, c.relname
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind IN ('r', 'm') AND c.relispopulated
               AND n.nspname NOT IN ('pg_catalog', 'information_schema')
               AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'
               AND (cardinality(?::text[]) = 0 OR n.nspname = ANY(?::text[]))
             ORDER BY 1, 2""";

    private TableInventory() {
    }

    /** One table's figures; {@code name} is {@code schema.table} as PostgreSQL spells them, unquoted. */
    record TableStats(String name, long rows, String checksum) {
    }

    /** Every table's figures, in schema then table order, read in the connection's current transaction. */
    static Map<String, TableStats> read(Connection c, List<String> schemas) throws SQLException {
        List<String[]> tables = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(TABLES)) {
            Array a = c.createArrayOf("text", schemas.toArray());
            ps.setArray(1, a);
            ps.setArray(2, a);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) tables.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        Map<String, TableStats> out = new LinkedHashMap<>();
        try (Statement s = c.createStatement()) {
            for (String[] t : tables) {
                String q = quote(t[0]) + "." + quote(t[1]);
                try (ResultSet rs = s.executeQuery("SELECT count(*), coalesce(sum(('x' || left(md5(t::text), 16))::bit(64)::bigint), 0)::text FROM ONLY "
                        + q + " AS t")) {
                    rs.next();
                    out.put(t[0] + "." + t[1], new TableStats(t[0] + "." + t[1], rs.getLong(1), rs.getString(2)));
                }
            }
        }
        return out;
    }

    /** Schemas among {@code names} that do not exist in the database. */
    static List<String> missingSchemas(Connection c, List<String> names) throws SQLException {
        List<String> missing = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            for (String n : names) {
                ps.setString(1, n);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) missing.add(n);
                }
            }
        }
        return missing;
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
