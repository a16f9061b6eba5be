package dev.stampede.postgres.workload;

import dev.stampede.postgres.OwnSchema;
import dev.stampede.postgres.Tx;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 002's repository benchmarks over {@code repo_users} (10,000 per unit of scale), an audit log
 * and a bulk-insert table. Groups, each named after the seed's section:
 * <ul>
 *   <li>{@code crud}: create_user, get_by_id, get_by_username, get_by_email, update_user, soft_delete, restore</li>
 *   <li>{@code pagination}: page_10, page_25, page_50, page_100 (ORDER BY id, LIMIT/OFFSET)</li>
 *   <li>{@code bulk}: insert_each_N (N single-row INSERTs) and bulk_insert_N (one batched INSERT), N = 10, 50, 100</li>
 *   <li>{@code transactions}: tx_K, one transaction of K updates each writing an audit row, K = 1, 5, 10, 20</li>
 * </ul>
 * The names match seed 002's targets (Thresholds' query targets) and {@code SuiteChecks}.
 */
public final class RepositoryWorkload {
    static final String WORKLOAD = "repository";

    private RepositoryWorkload() {
    }

    public static int users(int scale) {
        return 10_000 * scale;
    }

    public static void load(Connection c, OwnSchema own, int scale) throws SQLException {
        own.ensure(c);
        String u = own.qualify("repo_users"), a = own.qualify("repo_audit_log"), b = own.qualify("repo_bulk_items");
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + u + " (id bigserial PRIMARY KEY, username text NOT NULL UNIQUE, "
                    + "email text NOT NULL UNIQUE, full_name text, is_active boolean NOT NULL DEFAULT true, deleted_at timestamptz, "
                    + "created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now())");
            s.execute("CREATE TABLE IF NOT EXISTS " + a + " (id bigserial PRIMARY KEY, user_id bigint NOT NULL, action text NOT NULL, "
                    + "at timestamptz NOT NULL DEFAULT now())");
            s.execute("CREATE TABLE IF NOT EXISTS " + b + " (id bigserial PRIMARY KEY, batch int NOT NULL, payload text)");
            for (String t : List.of("repo_users", "repo_audit_log", "repo_bulk_items")) own.record(c, t, WORKLOAD, scale);
            s.execute("TRUNCATE " + u + ", " + a + ", " + b + " RESTART IDENTITY");
            s.execute("INSERT INTO " + u + " (username, email, full_name) SELECT 'user_' || i, 'user_' || i || '@example.com', "
                    + "'User ' || i FROM generate_series(1, " + users(scale) + ") i");
            s.execute("ANALYZE " + u);
        }
    }

    public static List<Grouped> operations(DataSource ds, OwnSchema own, int scale, int maxTries) {
        String u = own.qualify("repo_users"), a = own.qualify("repo_audit_log"), b = own.qualify("repo_bulk_items");
        int n = users(scale);
        List<Grouped> out = new ArrayList<>();
        out.add(SqlOps.statement("crud", "create_user", ds, maxTries, "INSERT INTO " + u
                + " (username, email, full_name) VALUES (?, ?, ?) RETURNING id", r -> {
                    String tag = Long.toHexString(r.nextLong());
                    return new Object[]{"new_" + tag, "new_" + tag + "@example.com", "New User"};
                }, 1));
        out.add(SqlOps.statement("crud", "get_by_id", ds, maxTries, "SELECT id, username, email, full_name, is_active FROM " + u
                + " WHERE id = ? AND deleted_at IS NULL", r -> new Object[]{1L + r.nextInt(n)}, 1));
        out.add(SqlOps.statement("crud", "get_by_username", ds, maxTries, "SELECT id, email FROM " + u + " WHERE username = ?",
                r -> new Object[]{"user_" + (1 + r.nextInt(n))}, 1));
        out.add(SqlOps.statement("crud", "get_by_email", ds, maxTries, "SELECT id, username FROM " + u + " WHERE email = ?",
                r -> new Object[]{"user_" + (1 + r.nextInt(n)) + "@example.com"}, 1));
        out.add(SqlOps.statement("crud", "update_user", ds, maxTries, "UPDATE " + u + " SET full_name = ?, updated_at = now() WHERE id = ?",
                r -> new Object[]{"Renamed " + r.nextInt(1000), 1L + r.nextInt(n)}, 1));
        out.add(SqlOps.statement("crud", "soft_delete", ds, maxTries, "UPDATE " + u + " SET deleted_at = now() WHERE id = ? AND deleted_at IS NULL",
                r -> new Object[]{1L + r.nextInt(n)}, 1));
        out.add(SqlOps.statement("crud", "restore", ds, maxTries, "UPDATE " + u + " SET deleted_at = NULL WHERE id = ? AND deleted_at IS NOT NULL",
                r -> new Object[]{1L + r.nextInt(n)}, 1));
        for (int size : new int[]{10, 25, 50, 100}) {
            out.add(SqlOps.statement("pagination", "page_" + size, ds, maxTries, "SELECT id, username, email, full_name FROM " + u
                    + " WHERE deleted_at IS NULL ORDER BY id LIMIT ? OFFSET ?", r -> new Object[]{size, r.nextInt(Math.max(1, n - size))}, 1));
        }
        for (int size : new int[]{10, 50, 100}) {
            String insert = "INSERT INTO " + b + " (batch, payload) VALUES (?, ?)";
            out.add(SqlOps.body("bulk", "insert_each_" + size, ds, maxTries, 1, size, (c, r) -> {
                for (int i = 0; i < size; i++) {
                    try (PreparedStatement ps = c.prepareStatement(insert)) {
                        ps.setInt(1, size);
                        ps.setString(2, "item " + i);
                        ps.executeUpdate();
                    }
                }
            }));
            out.add(SqlOps.body("bulk", "bulk_insert_" + size, ds, maxTries, 1, 1, (c, r) -> {
                try (PreparedStatement ps = c.prepareStatement(insert)) {
                    for (int i = 0; i < size; i++) {
                        ps.setInt(1, size);
                        ps.setString(2, "item " + i);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }));
        }
        for (int k : new int[]{1, 5, 10, 20}) {
            out.add(SqlOps.body("transactions", "tx_" + k, ds, maxTries, 1, 1, (c, r) ->
                    Tx.run(c, Connection.TRANSACTION_READ_COMMITTED, tx -> {
                        for (int i = 0; i < k; i++) {
                            long id = 1L + r.nextInt(n);
                            SqlOps.update(tx, "UPDATE " + u + " SET updated_at = now() WHERE id = ?", id);
                            SqlOps.update(tx, "INSERT INTO " + a + " (user_id, action) VALUES (?, 'update')", id);
                        }
                    })));
        }
        return out;
    }
}
