package dev.stampede.postgres.integrity;

import dev.stampede.core.config.ConfigException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Integrity checks against a database of this test's own on the PostgreSQL service, seeded with known defects:
 * the counts found must be the counts planted.
 */
class IntegrityIT {
    private static final String DB = "stampede_it_integrity";
    private static final String ADMIN = "jdbc:postgresql://127.0.0.1:5432/postgres";

    @BeforeAll
    static void create() throws Exception {
        try (Connection c = DriverManager.getConnection(ADMIN, "postgres", null); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DB + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + DB);
        }
        try (Connection c = db(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA shop");
            s.execute("CREATE TABLE shop.users(id int PRIMARY KEY, email text)");
            s.execute("INSERT INTO shop.users SELECT g, 'u' || g || '@x.test' FROM generate_series(1, 1000) g");
            s.execute("UPDATE shop.users SET email = NULL WHERE id IN (5, 6, 7)");              // 3 nulls
            s.execute("UPDATE shop.users SET email = 'dup@x.test' WHERE id IN (10, 11)");       // one value twice
            s.execute("UPDATE shop.users SET email = 'tri@x.test' WHERE id IN (20, 21, 22)");   // one value three times
            s.execute("CREATE TABLE shop.orders(id int PRIMARY KEY, user_id int REFERENCES shop.users(id), coupon int)");
            s.execute("INSERT INTO shop.orders SELECT g, 1 + g % 1000, g FROM generate_series(1, 2000) g");
            // bypass the declared key (as a bulk load with triggers off would): 4 orphans
            s.execute("SET session_replication_role = replica");
            s.execute("INSERT INTO shop.orders VALUES (5001, 9001, 1), (5002, 9002, 1), (5003, 9003, 1), (5004, 9001, 1)");
            s.execute("SET session_replication_role = DEFAULT");
            s.execute("CREATE TABLE shop.coupons(id int PRIMARY KEY)");
            s.execute("INSERT INTO shop.coupons SELECT g FROM generate_series(1, 1990) g");        // coupons 1991..2000 missing: 10 orphans
            s.execute("CREATE TABLE shop.refunds(id int PRIMARY KEY, order_id int)");
            s.execute("INSERT INTO shop.refunds VALUES (1, 1), (2, 99999)");
            s.execute("ALTER TABLE shop.refunds ADD CONSTRAINT refunds_order_fk FOREIGN KEY (order_id) REFERENCES shop.orders(id) NOT VALID");
            s.execute("CREATE SCHEMA other");
            s.execute("CREATE TABLE other.t(id int REFERENCES shop.users(id))");
            s.execute("SET session_replication_role = replica");
            s.execute("INSERT INTO other.t VALUES (424242)");   // an orphan outside the checked schema: not looked at
            s.execute("SET session_replication_role = DEFAULT");
        }
    }

    @AfterAll
    static void drop() throws Exception {
        try (Connection c = DriverManager.getConnection(ADMIN, "postgres", null); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DB + " WITH (FORCE)");
        }
    }

    private static Connection db() throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + DB, "postgres", null);
    }

    private static IntegrityReport check(IntegrityChecker.Request req) throws Exception {
        try (Connection c = db()) {
            return new IntegrityChecker().check(c, req);
        }
    }

    @Test
    void findsExactlyThePlantedDefectsWithCountsAndSamples() throws Exception {
        IntegrityReport r = check(IntegrityChecker.Request.of(List.of("shop"), List.of("orders.coupon -> coupons.id"),
                List.of("users.email"), List.of("users.email")));
        Map<String, IntegrityFinding> by = r.findings().stream().collect(Collectors.toMap(f -> f.check() + " " + f.object(), f -> f));
        IntegrityFinding declared = by.get("orphans shop.orders(user_id) -> shop.users(id) (orders_user_id_fkey)");
        assertEquals(4, declared.count(), r.summary());
        assertEquals("(9001)", declared.sample());
        IntegrityFinding undeclared = by.get("orphans shop.orders.coupon -> shop.coupons.id");
        assertEquals(10, undeclared.count(), r.summary());
        IntegrityFinding refund = by.get("orphans shop.refunds(order_id) -> shop.orders(id) (refunds_order_fk)");
        assertEquals(1, refund.count(), r.summary());
        assertEquals("(99999)", refund.sample());
        assertEquals(1, by.get("not-valid shop.refunds refunds_order_fk").count());
        IntegrityFinding nulls = by.get("nulls shop.users.email");
        assertEquals(3, nulls.count());
        assertEquals("5", nulls.sample(), "the primary key of the first affected row");
        IntegrityFinding dups = by.get("duplicates shop.users.email");
        assertEquals(5, dups.count(), "rows holding a duplicated value");
        assertTrue(dups.detail().startsWith("2 value(s)"), dups.detail());
        assertEquals(6, r.findings().size(), r.summary());
        assertTrue(r.summary().contains("6 FINDINGS"), r.summary());
    }

    @Test
    void amcheckIsUsedOnlyWhenInstalledAndCleanIndexesPass() throws Exception {
        IntegrityReport before = check(IntegrityChecker.Request.of(List.of("shop"), List.of(), List.of(), List.of()));
        assertTrue(before.notes().stream().anyMatch(n -> n.contains("CREATE EXTENSION amcheck")), before.summary());
        try (Connection c = db(); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS amcheck");
        }
        try {
            IntegrityReport after = check(IntegrityChecker.Request.of(List.of("shop"), List.of(), List.of(), List.of()));
            // 4 primary-key indexes and 4 tables under amcheck, besides the 2 declared foreign keys of shop and the NOT VALID scan
            assertEquals(2 + 1 + 4 + 4, after.checks(), after.summary());
            assertTrue(after.findings().stream().noneMatch(f -> f.check().endsWith("corruption")), after.summary());
            assertTrue(after.notes().isEmpty(), after.summary());
        } finally {
            try (Connection c = db(); Statement s = c.createStatement()) {
                s.execute("DROP EXTENSION IF EXISTS amcheck");
            }
        }
    }

    @Test
    void badInputNamesTheFix() {
        var e1 = assertThrows(ConfigException.class, () -> check(IntegrityChecker.Request.of(List.of("nope"), List.of(), List.of(), List.of())));
        assertTrue(e1.getMessage().contains("schema nope does not exist"), e1.getMessage());
        var e2 = assertThrows(ConfigException.class, () -> check(IntegrityChecker.Request.of(List.of("shop"), List.of(), List.of("users.mail"), List.of())));
        assertTrue(e2.getMessage().contains("column shop.users.mail does not exist"), e2.getMessage());
        var e3 = assertThrows(ConfigException.class, () -> IntegrityChecker.Request.of(List.of("shop"), List.of("orders.coupon coupons.id"), List.of(), List.of()));
        assertTrue(e3.getMessage().contains("child_table.column -> parent_table.column"), e3.getMessage());
        var e4 = assertThrows(ConfigException.class, () -> IntegrityChecker.Request.of(List.of(), List.of(), List.of(), List.of()));
        assertTrue(e4.getMessage().contains("--schema"), e4.getMessage());
    }
}
