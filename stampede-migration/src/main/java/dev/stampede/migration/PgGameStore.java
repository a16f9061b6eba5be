package dev.stampede.migration;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Consumer;

/**
 * The game state in PostgreSQL: one table per {@link Kind} in Stampede's own schema, the game workload's columns plus
 * {@code v}. An increment is one {@code UPDATE ... RETURNING}; a mirror write is an upsert whose update applies only
 * to an older version ({@code WHERE t.v < excluded.v}), so a late mirror never overwrites newer state. Thread-safe
 * (a connection per call from the scenario's pool).
 */
final class PgGameStore implements GameStore {
    private final DataSource dataSource;
    private final String schema;
    private final Map<Kind, String> upserts = new LinkedHashMap<>();

    /** @param schema Stampede's schema, already a safe identifier */
    PgGameStore(DataSource dataSource, String schema) {
        this.dataSource = dataSource;
        this.schema = schema;
        for (Kind k : Kind.values()) upserts.put(k, upsert(k));
    }

    @Override public String name() { return "postgres"; }

    String table(Kind k) { return schema + "." + k.table; }

    /** Drops and creates this store's tables (its own, in Stampede's schema; nothing else is touched). */
    void setup() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
            for (Kind k : Kind.values()) {
                s.execute("DROP TABLE IF EXISTS " + table(k));
                StringJoiner cols = new StringJoiner(", ");
                cols.add(k.idColumn + " varchar(255) PRIMARY KEY");
                for (Kind.Column col : k.columns) cols.add(col.name() + " " + col.sqlType());
                cols.add("v bigint NOT NULL");
                s.execute("CREATE TABLE " + table(k) + " (" + cols + ")");
            }
        }
    }

    private String upsert(Kind k) {
        StringJoiner names = new StringJoiner(", "), marks = new StringJoiner(", "), sets = new StringJoiner(", ");
        names.add(k.idColumn);
        marks.add("?");
        for (Kind.Column col : k.columns) {
            names.add(col.name());
            marks.add(col.type() == Kind.Type.JSON ? "?::jsonb" : "?");
            sets.add(col.name() + " = excluded." + col.name());
        }
        names.add("v");
        marks.add("?");
        sets.add("v = excluded.v");
        return "INSERT INTO " + table(k) + " AS t (" + names + ") VALUES (" + marks + ") ON CONFLICT (" + k.idColumn
                + ") DO UPDATE SET " + sets + " WHERE t.v < excluded.v";
    }

    private static void bind(PreparedStatement ps, Row row) throws SQLException {
        int i = 1;
        ps.setString(i++, row.id());
        for (Kind.Column col : row.kind().columns) {
            String val = row.values().get(col.name());
            if (col.type() == Kind.Type.INT) {
                if (val == null) ps.setNull(i++, Types.INTEGER);
                else ps.setInt(i++, Integer.parseInt(val));
            } else {
                ps.setString(i++, val);
            }
        }
        ps.setLong(i, row.v());
    }

    @Override
    public void insert(Row row) throws SQLException {
        mirror(new Row(row.kind(), row.id(), row.values(), 1));
    }

    @Override
    public Row increment(Kind kind, String id, Map<String, Long> deltas) throws SQLException {
        StringJoiner sets = new StringJoiner(", ");
        for (String col : deltas.keySet()) {
            kind.column(col);
            sets.add(col + " = " + col + " + ?");
        }
        sets.add("v = v + 1");
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE " + table(kind) + " SET " + sets + " WHERE " + kind.idColumn + " = ? RETURNING *")) {
            int i = 1;
            for (Long d : deltas.values()) ps.setLong(i++, d);
            ps.setString(i, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? row(kind, rs) : null;
            }
        }
    }

    @Override
    public boolean mirror(Row row) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(upserts.get(row.kind()))) {
            bind(ps, row);
            return ps.executeUpdate() == 1;
        }
    }

    @Override
    public int mirrorAll(List<Row> rows) throws SQLException {
        if (rows.isEmpty()) return 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            int n = 0;
            try {
                for (Kind k : Kind.values()) {
                    try (PreparedStatement ps = c.prepareStatement(upserts.get(k))) {
                        int batched = 0;
                        for (Row r : rows) {
                            if (r.kind() != k) continue;
                            bind(ps, r);
                            ps.addBatch();
                            batched++;
                        }
                        if (batched == 0) continue;
                        for (int u : ps.executeBatch()) if (u > 0) n++;
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the connection is broken; the pool drops it and the batch is retried or reported by the caller
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
            return n;
        }
    }

    @Override
    public Row read(Kind kind, String id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM " + table(kind) + " WHERE " + kind.idColumn + " = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? row(kind, rs) : null;
            }
        }
    }

    @Override
    public void forEach(Consumer<Row> sink) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (Kind k : Kind.values()) {
                    try (Statement s = c.createStatement()) {
                        s.setFetchSize(5000);
                        try (ResultSet rs = s.executeQuery("SELECT * FROM " + table(k))) {
                            while (rs.next()) sink.accept(row(k, rs));
                        }
                    }
                }
                c.commit();
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private static Row row(Kind kind, ResultSet rs) throws SQLException {
        Map<String, String> values = new LinkedHashMap<>();
        for (Kind.Column col : kind.columns) values.put(col.name(), rs.getString(col.name()));
        return new Row(kind, rs.getString(kind.idColumn), values, rs.getLong("v"));
    }

    @Override
    public void close() {
        // the pool belongs to the scenario scope, which closes it
    }
}
