package dev.stampede.postgres;

import dev.stampede.core.config.ConfigException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Stampede's own schema and the ledger of what it created there ({@code stampede_meta}). Everything
 * Stampede writes lives in this schema; {@link #dropOwned} drops only objects the ledger lists, and a
 * schema that exists with objects but without the ledger (someone else's) is refused, never adopted.
 */
public final class OwnSchema {
    private final String schema;

    /** @param schema a validated lower-case identifier (see DatabaseConfig) */
    public OwnSchema(String schema) {
        this.schema = schema;
    }

    public String name() { return schema; }

    /** {@code schema.table}, for SQL text; the schema name is a validated identifier. */
    public String qualify(String table) {
        return schema + "." + table;
    }

    /** Creates the schema and ledger, or checks that an existing schema is Stampede's. */
    public void ensure(Connection c) throws SQLException {
        boolean exists;
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) { exists = rs.next(); }
        }
        if (exists && !hasLedger(c)) {
            int objects;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT count(*) FROM pg_class k JOIN pg_namespace n ON n.oid = k.relnamespace WHERE n.nspname = ?")) {
                ps.setString(1, schema);
                try (ResultSet rs = ps.executeQuery()) { rs.next(); objects = rs.getInt(1); }
            }
            if (objects > 0) {
                throw new ConfigException("schema '" + schema + "' already exists with " + objects + " objects and was not "
                        + "created by Stampede; Stampede writes only into its own schema, so choose another name with "
                        + "database.schema in the config file");
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
            s.execute("CREATE TABLE IF NOT EXISTS " + qualify("stampede_meta") + " (object_name text PRIMARY KEY, "
                    + "kind text NOT NULL, workload text, scale int, created_at timestamptz NOT NULL DEFAULT now())");
        }
    }

    private boolean hasLedger(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM pg_class k JOIN pg_namespace n ON n.oid = k.relnamespace WHERE n.nspname = ? AND k.relname = 'stampede_meta'")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) { return rs.next(); }
        }
    }

    /** Records that Stampede created {@code table} for {@code workload} at {@code scale}. */
    public void record(Connection c, String table, String workload, int scale) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + qualify("stampede_meta")
                + " (object_name, kind, workload, scale) VALUES (?, 'table', ?, ?) "
                + "ON CONFLICT (object_name) DO UPDATE SET workload = EXCLUDED.workload, scale = EXCLUDED.scale, created_at = now()")) {
            ps.setString(1, table);
            ps.setString(2, workload);
            ps.setInt(3, scale);
            ps.executeUpdate();
        }
    }

    /** Tables the ledger says Stampede created. */
    public List<String> ownedTables(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        if (!hasLedger(c)) return out;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT object_name FROM " + qualify("stampede_meta") + " WHERE kind = 'table' ORDER BY object_name")) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    /** Tables in the schema right now (to find what a custom setup created). */
    public List<String> tablesNow(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT tablename FROM pg_tables WHERE schemaname = ? ORDER BY 1")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) { while (rs.next()) out.add(rs.getString(1)); }
        }
        return out;
    }

    /** Drops the tables Stampede created, and the schema when nothing else is left in it. */
    public void dropOwned(Connection c) throws SQLException {
        if (!hasLedger(c)) return;
        try (Statement s = c.createStatement()) {
            for (String t : ownedTables(c)) {
                if (!t.matches("[a-z_][a-z0-9_]*")) continue;
                s.execute("DROP TABLE IF EXISTS " + qualify(t) + " CASCADE");
            }
            s.execute("DROP TABLE IF EXISTS " + qualify("stampede_meta"));
            List<String> left = tablesNow(c);
            if (left.isEmpty()) {
                try {
                    s.execute("DROP SCHEMA IF EXISTS " + schema); // no CASCADE: anything else in it stays
                } catch (SQLException notEmpty) {
                    // something that is not ours (a view, a function) is still there: keep the schema
                }
            }
        }
    }
}
