package dev.stampede.postgres.integrity;

import dev.stampede.core.config.ConfigException;
import dev.stampede.core.util.Secrets;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 000's data integrity checks, read-only on the schemas the user names: rows whose foreign key has no parent
 * (declared constraints, and relations the user names that are not declared), nulls in columns that should have
 * none, duplicates in columns that should be unique, constraints left {@code NOT VALID}, and, where the
 * {@code amcheck} extension is installed, B-tree index and heap corruption ({@code bt_index_check},
 * {@code verify_heapam}). Every statement runs in a read-only session; amcheck is never installed by Stampede
 * (a note gives the SQL). A check that cannot run (no privilege on a table) becomes a note, not a crash.
 *
 * <p>Not thread-safe; one check per instance at a time. The connection is the caller's and stays open.
 */
public final class IntegrityChecker {

    /**
     * What to check.
     *
     * @param schemas   the schemas to check, at least one; all must exist
     * @param relations undeclared relations as {child, parent} column pairs
     * @param notNull   columns that should hold no null
     * @param unique    columns whose values should be unique
     */
    public record Request(List<String> schemas, List<ColumnRef[]> relations, List<ColumnRef> notNull, List<ColumnRef> unique) {
        public Request {
            if (schemas.isEmpty()) {
                throw new ConfigException("name the schemas to check with --schema (for example --schema public); "
                        + "integrity checks read only the schemas you name");
            }
            schemas = List.copyOf(schemas);
            relations = List.copyOf(relations);
            notNull = List.copyOf(notNull);
            unique = List.copyOf(unique);
        }

        /** Builds a request from the CLI's texts; {@code table.column} means the first schema. */
        public static Request of(List<String> schemas, List<String> relations, List<String> notNull, List<String> unique) {
            String first = schemas.isEmpty() ? "public" : schemas.get(0);
            return new Request(schemas, relations.stream().map(r -> ColumnRef.relation(r, first)).toList(),
                    notNull.stream().map(c -> ColumnRef.parse(c, first, "--not-null")).toList(),
                    unique.stream().map(c -> ColumnRef.parse(c, first, "--unique")).toList());
        }
    }

    /** Runs every check on {@code c}. */
    public IntegrityReport check(Connection c, Request req) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
        }
        List<String> missing = new ArrayList<>();
        for (String schema : req.schemas()) {
            if (!exists(c, "SELECT 1 FROM pg_namespace WHERE nspname = ?", schema)) missing.add(schema);
        }
        if (!missing.isEmpty()) {
            throw new ConfigException("schema " + String.join(", ", missing) + " does not exist in database '" + c.getCatalog()
                    + "'; name an existing schema with --schema");
        }
        for (ColumnRef col : columnsNamed(req)) {
            if (!exists(c, "SELECT 1 FROM pg_attribute a JOIN pg_class t ON t.oid = a.attrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
                    + "WHERE n.nspname = ? AND t.relname = ? AND a.attname = ? AND NOT a.attisdropped", col.schema(), col.table(), col.column())) {
                throw new ConfigException("column " + col + " does not exist; name columns as table.column (first --schema) or "
                        + "schema.table.column, as PostgreSQL stores them");
            }
        }
        List<IntegrityFinding> findings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        int checks = 0;
        for (ForeignKeys.Fk fk : ForeignKeys.declared(c, req.schemas())) {
            checks++;
            guarded(notes, "foreign key " + fk.name(), () -> orphans(c, fk, true, findings));
        }
        for (ColumnRef[] r : req.relations()) {
            checks++;
            ForeignKeys.Fk fk = new ForeignKeys.Fk(r[0] + " -> " + r[1], r[0].qualifiedTable(), List.of(r[0].qcolumn()),
                    r[1].qualifiedTable(), List.of(r[1].qcolumn()), r[0] + " -> " + r[1]);
            guarded(notes, "relation " + fk.name(), () -> orphans(c, fk, false, findings));
        }
        for (ColumnRef col : req.notNull()) {
            checks++;
            guarded(notes, "nulls in " + col, () -> nulls(c, col, findings));
        }
        for (ColumnRef col : req.unique()) {
            checks++;
            guarded(notes, "duplicates in " + col, () -> duplicates(c, col, findings));
        }
        checks++;
        guarded(notes, "NOT VALID constraints", () -> notValid(c, req.schemas(), findings));
        checks += Corruption.check(c, req.schemas(), findings, notes);
        return new IntegrityReport(c.getCatalog(), req.schemas(), checks, findings, notes);
    }

    private static List<ColumnRef> columnsNamed(Request req) {
        List<ColumnRef> all = new ArrayList<>(req.notNull());
        all.addAll(req.unique());
        for (ColumnRef[] r : req.relations()) {
            all.add(r[0]);
            all.add(r[1]);
        }
        return all;
    }

    private interface Check {
        void run() throws SQLException;
    }

    private static void guarded(List<String> notes, String what, Check check) {
        try {
            check.run();
        } catch (SQLException e) {
            notes.add("could not check " + what + ": " + Secrets.redact(e.getMessage()));
        }
    }

    private static void orphans(Connection c, ForeignKeys.Fk fk, boolean declared, List<IntegrityFinding> out) throws SQLException {
        StringBuilder notNull = new StringBuilder(), join = new StringBuilder(), key = new StringBuilder("ROW(");
        for (int i = 0; i < fk.childColumns().size(); i++) {
            String cc = "ch." + fk.childColumns().get(i);
            if (i > 0) {
                notNull.append(" AND ");
                join.append(" AND ");
                key.append(", ");
            }
            notNull.append(cc).append(" IS NOT NULL");
            join.append("pa.").append(fk.parentColumns().get(i)).append(" = ").append(cc);
            key.append(cc);
        }
        key.append(")::text");
        String sql = "SELECT count(*), min(" + key + ") FROM " + fk.childTable() + " ch WHERE " + notNull
                + " AND NOT EXISTS (SELECT 1 FROM " + fk.parentTable() + " pa WHERE " + join + ")";
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            long n = rs.getLong(1);
            if (n > 0) {
                out.add(new IntegrityFinding("orphans", fk.description(), n, rs.getString(2), declared
                        ? "rows reference a parent that does not exist although the constraint is declared: it is NOT VALID, or "
                        + "was bypassed (session_replication_role = replica, disabled triggers); fix the rows, then VALIDATE CONSTRAINT"
                        : "rows reference a parent that does not exist; no constraint guards this relation: delete or repair the "
                        + "rows, then consider declaring the foreign key"));
            }
        }
    }

    private static void nulls(Connection c, ColumnRef col, List<IntegrityFinding> out) throws SQLException {
        String key = sampleKey(c, col);
        String sql = "SELECT count(*), min(" + key + ") FROM " + col.qualifiedTable() + " t WHERE t." + col.qcolumn() + " IS NULL";
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            long n = rs.getLong(1);
            if (n > 0) {
                out.add(new IntegrityFinding("nulls", col.toString(), n, rs.getString(2),
                        "rows hold NULL where a value is expected; fill them, then ALTER TABLE ... ALTER COLUMN ... SET NOT NULL"));
            }
        }
    }

    private static void duplicates(Connection c, ColumnRef col, List<IntegrityFinding> out) throws SQLException {
        String sql = "SELECT count(*), coalesce(sum(n), 0), min(v) FROM (SELECT t." + col.qcolumn() + "::text v, count(*) n FROM "
                + col.qualifiedTable() + " t WHERE t." + col.qcolumn() + " IS NOT NULL GROUP BY t." + col.qcolumn()
                + " HAVING count(*) > 1) d";
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            long values = rs.getLong(1);
            if (values > 0) {
                out.add(new IntegrityFinding("duplicates", col.toString(), rs.getLong(2), rs.getString(3),
                        values + " value(s) appear more than once, in " + rs.getLong(2) + " rows; remove the duplicates, then add a "
                        + "UNIQUE constraint"));
            }
        }
    }

    private static void notValid(Connection c, List<String> schemas, List<IntegrityFinding> out) throws SQLException {
        String sql = "SELECT n.nspname || '.' || t.relname, co.conname, co.contype FROM pg_constraint co "
                + "JOIN pg_class t ON t.oid = co.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
                + "WHERE NOT co.convalidated AND n.nspname = ANY(?) ORDER BY 1, 2";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("text", schemas.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String kind = "f".equals(rs.getString(3)) ? "foreign key" : "c".equals(rs.getString(3)) ? "check" : "constraint";
                    out.add(new IntegrityFinding("not-valid", rs.getString(1) + " " + rs.getString(2), 1, null,
                            "the " + kind + " constraint is NOT VALID: rows written before it was added were never checked; run "
                                    + "ALTER TABLE " + rs.getString(1) + " VALIDATE CONSTRAINT " + rs.getString(2)));
                }
            }
        }
    }

    /** The text of a row's primary key for samples, or its ctid when the table has none. */
    private static String sampleKey(Connection c, ColumnRef col) throws SQLException {
        String sql = "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
                + "WHERE i.indrelid = ?::regclass AND i.indisprimary ORDER BY array_position(i.indkey::int2[], a.attnum)";
        List<String> cols = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, col.qualifiedTable());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) cols.add("t." + ColumnRef.q(rs.getString(1)));
            }
        }
        if (cols.isEmpty()) return "t.ctid::text";
        return cols.size() == 1 ? cols.get(0) + "::text" : "ROW(" + String.join(", ", cols) + ")::text";
    }

    static boolean exists(Connection c, String sql, String... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setString(i + 1, args[i]);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static Array texts(Connection c, List<String> values) throws SQLException {
        return c.createArrayOf("text", values.toArray());
    }
}
