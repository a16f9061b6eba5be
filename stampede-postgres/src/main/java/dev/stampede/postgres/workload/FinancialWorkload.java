package dev.stampede.postgres.workload;

import dev.stampede.postgres.OwnSchema;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Seed 000's financial workload: users, user_profiles, user_health_checkins and
 * financial_questionnaire_submissions (1,000 users per unit of scale, 30 check-ins and 12 monthly
 * submissions each), with the indexes the seed recommends. Operations: basic lookups, monthly income
 * and expense summaries, savings rate, running balances with a window function, a GROUP BY over the
 * last 90 days, a four-table join, and two inserts.
 */
public final class FinancialWorkload {
    static final String WORKLOAD = "financial";
    static final List<String> TABLES = List.of("users", "user_profiles", "user_health_checkins", "financial_questionnaire_submissions");

    private FinancialWorkload() {
    }

    public static int users(int scale) {
        return 1000 * scale;
    }

    public static void load(Connection c, OwnSchema own, int scale) throws SQLException {
        own.ensure(c);
        String u = own.qualify("users"), p = own.qualify("user_profiles"), h = own.qualify("user_health_checkins"),
                f = own.qualify("financial_questionnaire_submissions");
        int n = users(scale);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + u + " (id bigint PRIMARY KEY, username text UNIQUE NOT NULL, "
                    + "email text UNIQUE NOT NULL, is_active boolean NOT NULL DEFAULT true, created_at timestamptz NOT NULL DEFAULT now())");
            s.execute("CREATE TABLE IF NOT EXISTS " + p + " (id bigserial PRIMARY KEY, user_id bigint NOT NULL REFERENCES " + u
                    + " (id), monthly_income numeric(12,2), risk_tolerance text, dependents int)");
            s.execute("CREATE TABLE IF NOT EXISTS " + h + " (id bigserial PRIMARY KEY, user_id bigint NOT NULL REFERENCES " + u
                    + " (id), checkin_date date NOT NULL, stress_level int, sleep_hours numeric(4,1), exercise_minutes int)");
            s.execute("CREATE TABLE IF NOT EXISTS " + f + " (id bigserial PRIMARY KEY, user_id bigint NOT NULL REFERENCES " + u
                    + " (id), submitted_at timestamptz NOT NULL, monthly_income numeric(12,2), monthly_expenses numeric(12,2), "
                    + "savings numeric(12,2), debt numeric(12,2), category text)");
            s.execute("CREATE INDEX IF NOT EXISTS idx_user_profiles_user_id ON " + p + " (user_id)");
            s.execute("CREATE INDEX IF NOT EXISTS idx_health_checkins_user_date ON " + h + " (user_id, checkin_date)");
            s.execute("CREATE INDEX IF NOT EXISTS idx_financial_submissions_user_date ON " + f + " (user_id, submitted_at)");
            for (String t : TABLES) own.record(c, t, WORKLOAD, scale);
            s.execute("TRUNCATE " + f + ", " + h + ", " + p + ", " + u + " RESTART IDENTITY");
            s.execute("INSERT INTO " + u + " (id, username, email, is_active) SELECT i, 'user_' || i, 'user_' || i || '@example.com', "
                    + "i % 20 <> 0 FROM generate_series(1, " + n + ") i");
            s.execute("INSERT INTO " + p + " (user_id, monthly_income, risk_tolerance, dependents) SELECT i, "
                    + "round((2500 + random() * 9000)::numeric, 2), (ARRAY['low','medium','high'])[1 + i % 3], i % 4 "
                    + "FROM generate_series(1, " + n + ") i");
            s.execute("INSERT INTO " + h + " (user_id, checkin_date, stress_level, sleep_hours, exercise_minutes) "
                    + "SELECT u, current_date - d, 1 + (random() * 9)::int, round((4 + random() * 5)::numeric, 1), (random() * 90)::int "
                    + "FROM generate_series(1, " + n + ") u, generate_series(0, 29) d");
            s.execute("INSERT INTO " + f + " (user_id, submitted_at, monthly_income, monthly_expenses, savings, debt, category) "
                    + "SELECT u, now() - make_interval(months => m), round((2500 + random() * 9000)::numeric, 2), "
                    + "round((1500 + random() * 7000)::numeric, 2), round((random() * 50000)::numeric, 2), "
                    + "round((random() * 30000)::numeric, 2), (ARRAY['housing','food','transport','health','leisure'])[1 + (u + m) % 5] "
                    + "FROM generate_series(1, " + n + ") u, generate_series(0, 11) m");
            s.execute("ANALYZE " + u + ", " + p + ", " + h + ", " + f);
        }
    }

    public static List<Grouped> operations(DataSource ds, OwnSchema own, int scale, double readRatio, int maxTries) {
        String u = own.qualify("users"), p = own.qualify("user_profiles"), h = own.qualify("user_health_checkins"),
                f = own.qualify("financial_questionnaire_submissions");
        int n = users(scale);
        Function<SplittableRandom, Object[]> user = r -> new Object[]{1L + r.nextInt(n)};
        List<Grouped> reads = List.of(
                SqlOps.statement("basic", "user_by_id", ds, maxTries, "SELECT id, username, email, is_active FROM " + u + " WHERE id = ?", user, 20),
                SqlOps.statement("basic", "user_by_email", ds, maxTries, "SELECT id, username FROM " + u + " WHERE email = ?",
                        r -> new Object[]{"user_" + (1 + r.nextInt(n)) + "@example.com"}, 10),
                SqlOps.statement("financial", "monthly_summary", ds, maxTries, "SELECT date_trunc('month', submitted_at) AS month, "
                        + "sum(monthly_income) AS income, sum(monthly_expenses) AS expenses, sum(monthly_income - monthly_expenses) AS net "
                        + "FROM " + f + " WHERE user_id = ? GROUP BY 1 ORDER BY 1", user, 15),
                SqlOps.statement("financial", "savings_rate", ds, maxTries, "SELECT user_id, avg((monthly_income - monthly_expenses) / "
                        + "NULLIF(monthly_income, 0)) AS savings_rate FROM " + f + " WHERE user_id = ? GROUP BY user_id", user, 10),
                SqlOps.statement("financial", "running_balance", ds, maxTries, "SELECT submitted_at, monthly_income - monthly_expenses AS net, "
                        + "sum(monthly_income - monthly_expenses) OVER (ORDER BY submitted_at) AS running_balance FROM " + f
                        + " WHERE user_id = ? ORDER BY submitted_at", user, 10),
                SqlOps.statement("aggregation", "category_breakdown", ds, maxTries, "SELECT category, count(*) AS submissions, avg(monthly_income) "
                        + "AS avg_income, percentile_cont(0.5) WITHIN GROUP (ORDER BY monthly_expenses) AS median_expenses FROM " + f
                        + " WHERE submitted_at >= now() - interval '90 days' AND user_id BETWEEN ? AND ? GROUP BY category",
                        r -> {
                            long from = 1L + r.nextInt(Math.max(1, n - 200));
                            return new Object[]{from, from + 199};
                        }, 5),
                SqlOps.statement("join", "wellness_overview", ds, maxTries, "SELECT u.username, pr.risk_tolerance, avg(hc.stress_level) AS stress, "
                        + "avg(hc.sleep_hours) AS sleep, max(fs.savings) AS savings FROM " + u + " u JOIN " + p + " pr ON pr.user_id = u.id "
                        + "JOIN " + h + " hc ON hc.user_id = u.id AND hc.checkin_date >= current_date - 7 JOIN " + f
                        + " fs ON fs.user_id = u.id WHERE u.id = ? GROUP BY u.username, pr.risk_tolerance", user, 10));
        List<Grouped> writes = List.of(
                SqlOps.statement("write", "submit_questionnaire", ds, maxTries, "INSERT INTO " + f + " (user_id, submitted_at, monthly_income, "
                        + "monthly_expenses, savings, debt, category) VALUES (?, now(), ?, ?, ?, ?, ?)",
                        r -> new Object[]{1L + r.nextInt(n), new java.math.BigDecimal(2500 + r.nextInt(9000)),
                                new java.math.BigDecimal(1500 + r.nextInt(7000)), new java.math.BigDecimal(r.nextInt(50000)),
                                new java.math.BigDecimal(r.nextInt(30000)), "food"}, 60),
                SqlOps.statement("write", "health_checkin", ds, maxTries, "INSERT INTO " + h + " (user_id, checkin_date, stress_level, sleep_hours, "
                        + "exercise_minutes) VALUES (?, current_date, ?, ?, ?)",
                        r -> new Object[]{1L + r.nextInt(n), 1 + r.nextInt(10), new java.math.BigDecimal("7.5"), r.nextInt(90)}, 40));
        return Grouped.mix(reads, writes, readRatio);
    }
}
