package dev.stampede.redis.workload;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

/**
 * What the cache-aside workload caches: one PostgreSQL workload's entities (ids 1..N), the query whose row a cache
 * entry holds, and the write that changes it. Every row is {@code counter | number | name}, where the counter only
 * grows with each committed write (the game's wins, the financial user's number of questionnaire submissions): that
 * is what the stale-read check compares. Immutable; the SQL is built once per scenario.
 */
public enum CacheSource {
    /** The game workload's players: the row of {@code players}; a write is a won game. */
    GAME("game", "player:", "PostgreSQL game players") {
        @Override String read(String s) { return "SELECT wins, total_games, username FROM " + s + ".players WHERE player_id = ?"; }

        @Override String write(String s) {
            return "UPDATE " + s + ".players SET wins = wins + 1, total_games = total_games + 1 WHERE player_id = ? "
                    + "RETURNING wins, total_games, username";
        }

        @Override String all(String s) { return "SELECT player_id, wins, total_games, username FROM " + s + ".players"; }

        @Override void bind(PreparedStatement ps, int id) throws SQLException { ps.setString(1, "p" + id); }

        @Override int idOf(String column) { return Integer.parseInt(column.substring(1)); }
    },

    /**
     * The financial workload's users: a user's financial summary (submissions so far, net of income less expenses
     * over them, username), the aggregate an application would cache; a write is a new questionnaire submission
     * (+2,000 net), and its row is the summary after it.
     */
    FINANCIAL("financial", "fin-user:", "PostgreSQL financial users' summaries") {
        private static final String SUMMARY = "count(f.id)::int, (coalesce(sum(f.monthly_income - f.monthly_expenses), 0))::bigint, u.username";

        @Override String read(String s) {
            return "SELECT " + SUMMARY + " FROM " + s + ".users u LEFT JOIN " + s + ".financial_questionnaire_submissions f "
                    + "ON f.user_id = u.id WHERE u.id = ? GROUP BY u.username";
        }

        @Override String write(String s) {
            // the SELECT sees the snapshot before the INSERT of the same statement: hence + 1 and + 2000
            return "WITH ins AS (INSERT INTO " + s + ".financial_questionnaire_submissions (user_id, submitted_at, monthly_income, "
                    + "monthly_expenses, savings, debt, category) VALUES (?, now(), 5000.00, 3000.00, 1000.00, 0, 'food') RETURNING user_id) "
                    + "SELECT count(f.id)::int + 1, (coalesce(sum(f.monthly_income - f.monthly_expenses), 0) + 2000)::bigint, u.username "
                    + "FROM " + s + ".users u LEFT JOIN " + s + ".financial_questionnaire_submissions f ON f.user_id = u.id "
                    + "WHERE u.id = ? GROUP BY u.username";
        }

        @Override String all(String s) {
            return "SELECT u.id::text, " + SUMMARY + " FROM " + s + ".users u LEFT JOIN " + s
                    + ".financial_questionnaire_submissions f ON f.user_id = u.id GROUP BY u.id, u.username";
        }

        @Override void bind(PreparedStatement ps, int id) throws SQLException {
            int n = ps.getParameterMetaData().getParameterCount();
            for (int i = 1; i <= n; i++) ps.setLong(i, id);
        }

        @Override int idOf(String column) { return Integer.parseInt(column); }
    };

    private final String workload;
    private final String family;
    private final String label;

    CacheSource(String workload, String family, String label) {
        this.workload = workload;
        this.family = family;
        this.label = label;
    }

    /** {@code redis.source} value: game or financial. */
    public static CacheSource of(String name) {
        for (CacheSource s : values()) if (s.workload.equals(name.toLowerCase(Locale.ROOT))) return s;
        throw new IllegalArgumentException("unknown cache source '" + name + "': game or financial");
    }

    /** The PostgreSQL workload whose data is cached (its tables are loaded by the database target). */
    public String workload() { return workload; }

    /** The cache entries' key family under the run's prefix, such as {@code player:}. */
    public String family() { return family; }

    public String label() { return label; }

    /** The entity's row by id; one parameter set by {@link #bind}. Columns: counter, number, name. */
    abstract String read(String schema);

    /** The committed write; parameters set by {@link #bind}. Returns the row after it: counter, number, name. */
    abstract String write(String schema);

    /** Every entity for a warm start: id (text), counter, number, name. */
    abstract String all(String schema);

    abstract void bind(PreparedStatement ps, int id) throws SQLException;

    /** The entity number of the id column of {@link #all}. */
    abstract int idOf(String column);

    /** The row as the cache holds it. */
    static String row(ResultSet rs, int first) throws SQLException {
        return CacheAsideWorkload.encode(rs.getLong(first), rs.getLong(first + 1), rs.getString(first + 2));
    }
}
