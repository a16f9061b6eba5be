package dev.stampede.postgres.integrity;

import dev.stampede.core.util.Secrets;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Corruption checks with the {@code amcheck} extension when it is installed in the database: every valid B-tree
 * index of the schemas with {@code bt_index_check(index, heapallindexed => true)} (the index's structure, and every
 * heap tuple present in it) and, from amcheck 1.3 (PostgreSQL 14), every table with {@code verify_heapam}. Both
 * take only the locks a SELECT takes. Stampede never installs the extension: when it is missing, a note says
 * whether the server offers it and the SQL to enable it. Stateless.
 */
final class Corruption {
    private static final String INDEXES = """
            SELECT quote_ident(n.nspname) || '.' || quote_ident(i.relname)
              FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_am am ON am.oid = i.relam
              JOIN pg_namespace n ON n.oid = i.relnamespace
             WHERE am.amname = 'btree' AND x.indisvalid AND x.indisready AND i.relpersistence <> 't' AND n.nspname = ANY(?)
             ORDER BY 1""";
    private static final String TABLES = """
            SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname)
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind IN ('r', 'm') AND c.relpersistence <> 't' AND n.nspname = ANY(?)
             ORDER BY 1""";

    private Corruption() {
    }

    /** Runs the checks; returns how many relations were checked (0 without amcheck). */
    static int check(Connection c, List<String> schemas, List<IntegrityFinding> findings, List<String> notes) throws SQLException {
        String schema = null, version = null;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT quote_ident(n.nspname), e.extversion FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
                        + "WHERE e.extname = 'amcheck'")) {
            if (rs.next()) {
                schema = rs.getString(1);
                version = rs.getString(2);
            }
        }
        if (schema == null) {
            boolean offered;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT 1 FROM pg_available_extensions WHERE name = 'amcheck'")) {
                offered = rs.next();
            }
            notes.add(offered
                    ? "corruption checks skipped: the server offers amcheck but it is not installed in this database; a superuser "
                    + "can run CREATE EXTENSION amcheck; (Stampede does not install it)"
                    : "corruption checks skipped: this server does not offer the amcheck extension (it is in PostgreSQL's contrib "
                    + "package)");
            return 0;
        }
        int checked = 0;
        for (String index : list(c, INDEXES, schemas)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + schema + ".bt_index_check(?::regclass, true)")) {
                ps.setString(1, index);
                ps.execute();
                checked++;
            } catch (SQLException e) {
                if (denied(e, notes)) return checked;
                checked++;
                findings.add(new IntegrityFinding("index-corruption", index, 1, Secrets.redact(e.getMessage()),
                        "amcheck found the index inconsistent with itself or its table; REINDEX INDEX CONCURRENTLY " + index
                                + " and look for hardware or storage faults"));
            }
        }
        if (atLeast13(version)) {
            for (String table : list(c, TABLES, schemas)) {
                String sql = "SELECT count(*), min(blkno || '/' || coalesce(offnum::text, '-') || ': ' || msg) FROM " + schema
                        + ".verify_heapam(?::regclass)";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, table);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        checked++;
                        if (rs.getLong(1) > 0) {
                            findings.add(new IntegrityFinding("heap-corruption", table, rs.getLong(1), rs.getString(2),
                                    "verify_heapam found corrupt tuples (block/offset: message); restore the table from a verified "
                                            + "backup and look for hardware or storage faults"));
                        }
                    }
                } catch (SQLException e) {
                    if (denied(e, notes)) return checked;
                    notes.add("could not check the heap of " + table + ": " + Secrets.redact(e.getMessage()));
                }
            }
        } else {
            notes.add("heap checks skipped: amcheck " + version + " has no verify_heapam (it came with amcheck 1.3, PostgreSQL 14)");
        }
        return checked;
    }

    private static boolean denied(SQLException e, List<String> notes) {
        if (!"42501".equals(e.getSQLState())) return false;
        notes.add("corruption checks stopped: this user may not run amcheck's functions (" + Secrets.redact(e.getMessage())
                + "); run as a superuser or GRANT EXECUTE on bt_index_check and verify_heapam");
        return true;
    }

    private static boolean atLeast13(String version) {
        String[] p = version.split("\\.");
        int major = Integer.parseInt(p[0]), minor = p.length > 1 ? Integer.parseInt(p[1]) : 0;
        return major > 1 || (major == 1 && minor >= 3);
    }

    private static List<String> list(Connection c, String sql, List<String> schemas) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, IntegrityChecker.texts(c, schemas));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
        }
        return out;
    }
}
