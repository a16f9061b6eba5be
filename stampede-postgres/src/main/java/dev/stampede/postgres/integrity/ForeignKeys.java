package dev.stampede.postgres.integrity;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The foreign keys declared on the tables of some schemas, read from {@code pg_constraint}. Stateless. */
final class ForeignKeys {
    private static final String SQL = """
            SELECT co.conname,
                   quote_ident(cn.nspname) || '.' || quote_ident(ct.relname),
                   quote_ident(pn.nspname) || '.' || quote_ident(pt.relname),
                   array(SELECT quote_ident(a.attname) FROM unnest(co.conkey) WITH ORDINALITY k(n, i)
                          JOIN pg_attribute a ON a.attrelid = co.conrelid AND a.attnum = k.n ORDER BY k.i),
                   array(SELECT quote_ident(a.attname) FROM unnest(co.confkey) WITH ORDINALITY k(n, i)
                          JOIN pg_attribute a ON a.attrelid = co.confrelid AND a.attnum = k.n ORDER BY k.i),
                   cn.nspname || '.' || ct.relname, pn.nspname || '.' || pt.relname,
                   array(SELECT a.attname FROM unnest(co.conkey) WITH ORDINALITY k(n, i)
                          JOIN pg_attribute a ON a.attrelid = co.conrelid AND a.attnum = k.n ORDER BY k.i)::text,
                   array(SELECT a.attname FROM unnest(co.confkey) WITH ORDINALITY k(n, i)
                          JOIN pg_attribute a ON a.attrelid = co.confrelid AND a.attnum = k.n ORDER BY k.i)::text
              FROM pg_constraint co
              JOIN pg_class ct ON ct.oid = co.conrelid JOIN pg_namespace cn ON cn.oid = ct.relnamespace
              JOIN pg_class pt ON pt.oid = co.confrelid JOIN pg_namespace pn ON pn.oid = pt.relnamespace
             WHERE co.contype = 'f' AND cn.nspname = ANY(?)
             ORDER BY 6, 1""";

    private ForeignKeys() {
    }

    /**
     * One foreign key.
     *
     * @param name          the constraint's name (or the relation's text for an undeclared one)
     * @param childTable    the referencing table, quoted for SQL
     * @param childColumns  its columns, quoted, in key order
     * @param parentTable   the referenced table, quoted
     * @param parentColumns the referenced columns, quoted, in key order
     * @param description   {@code schema.table(cols) -> schema.table(cols)} for the report
     */
    record Fk(String name, String childTable, List<String> childColumns, String parentTable, List<String> parentColumns,
              String description) {
    }

    static List<Fk> declared(Connection c, List<String> schemas) throws SQLException {
        List<Fk> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setArray(1, IntegrityChecker.texts(c, schemas));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> cc = List.of((String[]) rs.getArray(4).getArray());
                    List<String> pc = List.of((String[]) rs.getArray(5).getArray());
                    String desc = rs.getString(6) + strip(rs.getString(8)) + " -> " + rs.getString(7) + strip(rs.getString(9))
                            + " (" + rs.getString(1) + ")";
                    out.add(new Fk(rs.getString(1), rs.getString(2), cc, rs.getString(3), pc, desc));
                }
            }
        }
        return out;
    }

    /** {@code {a,b}} as {@code (a, b)}. */
    private static String strip(String pgArray) {
        return "(" + pgArray.substring(1, pgArray.length() - 1).replace(",", ", ") + ")";
    }
}
