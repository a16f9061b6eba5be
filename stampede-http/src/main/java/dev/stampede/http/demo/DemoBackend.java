package dev.stampede.http.demo;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The reference stack's data: tables {@code demo_games}, {@code demo_sessions} and {@code demo_trades} in one schema
 * (Stampede's own), and a financial summary cached in Redis under a key of Stampede's prefix. Blocking calls, made on
 * the server's worker threads. Thread-safe (the pool and the Redis connection are).
 */
public final class DemoBackend {
    private final DataSource db;
    private final String schema;
    private final RedisCommands<String, String> redis;
    private final String cacheKey;
    private final List<Connection> leaked = new ArrayList<>();
    private final AtomicLong leakCounter = new AtomicLong();
    final LongAdder cacheHits = new LongAdder(), cacheMisses = new LongAdder();

    public DemoBackend(DataSource db, String schema, RedisCommands<String, String> redis, String keyPrefix) {
        this.db = db;
        this.schema = schema;
        this.redis = redis;
        this.cacheKey = keyPrefix + "demo:financial-summary";
    }

    /** Creates the tables (if missing) and a little data; idempotent. */
    public void prepare() throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
            s.execute("CREATE TABLE IF NOT EXISTS " + schema + ".demo_games (id bigserial PRIMARY KEY, name text NOT NULL, "
                    + "players int NOT NULL, created_at timestamptz NOT NULL DEFAULT now())");
            s.execute("CREATE TABLE IF NOT EXISTS " + schema + ".demo_sessions (id bigserial PRIMARY KEY, game_id bigint NOT NULL, "
                    + "player text NOT NULL, notes text, created_at timestamptz NOT NULL DEFAULT now())");
            s.execute("CREATE TABLE IF NOT EXISTS " + schema + ".demo_trades (id bigserial PRIMARY KEY, symbol text NOT NULL, "
                    + "amount numeric(14,2) NOT NULL, created_at timestamptz NOT NULL DEFAULT now())");
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM " + schema + ".demo_games")) {
                r.next();
                if (r.getLong(1) == 0) {
                    s.execute("INSERT INTO " + schema + ".demo_games (name, players) SELECT 'game ' || g, 2 + g % 6 FROM generate_series(1, 200) g");
                    s.execute("INSERT INTO " + schema + ".demo_trades (symbol, amount) SELECT (ARRAY['AAA','BBB','CCC','DDD'])[1 + g % 4], "
                            + "(g % 1000) * 1.25 FROM generate_series(1, 5000) g");
                }
            }
        }
    }

    public boolean ready() throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT 1")) {
            return r.next() && "PONG".equals(redis.ping());
        }
    }

    public String games(int limit) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT id, name, players FROM " + schema
                + ".demo_games ORDER BY id LIMIT ?")) {
            ps.setInt(1, limit);
            return items(ps, (r, b) -> b.append("{\"id\":").append(r.getLong(1)).append(",\"name\":").append(DemoServer.jsonString(r.getString(2)))
                    .append(",\"players\":").append(r.getInt(3)).append('}'));
        }
    }

    public String createSession(long gameId, String player) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO " + schema
                + ".demo_sessions (game_id, player) VALUES (?, ?) RETURNING id")) {
            ps.setLong(1, gameId);
            ps.setString(2, player);
            try (ResultSet r = ps.executeQuery()) {
                r.next();
                return "{\"id\":" + r.getLong(1) + ",\"game_id\":" + gameId + "}";
            }
        }
    }

    /** The session's JSON, or null when there is none. */
    public String session(long id) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT id, game_id, player FROM " + schema
                + ".demo_sessions WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet r = ps.executeQuery()) {
                if (!r.next()) return null;
                return "{\"id\":" + r.getLong(1) + ",\"game_id\":" + r.getLong(2) + ",\"player\":" + DemoServer.jsonString(r.getString(3)) + "}";
            }
        }
    }

    public String sessions(int limit) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT id, game_id FROM " + schema
                + ".demo_sessions ORDER BY id DESC LIMIT ?")) {
            ps.setInt(1, limit);
            return items(ps, (r, b) -> b.append("{\"id\":").append(r.getLong(1)).append(",\"game_id\":").append(r.getLong(2)).append('}'));
        }
    }

    public boolean deleteSession(long id) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("DELETE FROM " + schema + ".demo_sessions WHERE id = ?")) {
            ps.setLong(1, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** The financial summary: from Redis when cached (5 s TTL), else aggregated in PostgreSQL and cached. */
    public String financialSummary() throws SQLException {
        String cached = redis.get(cacheKey);
        if (cached != null) {
            cacheHits.increment();
            return cached;
        }
        cacheMisses.increment();
        StringBuilder b = new StringBuilder("{\"symbols\":[");
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT symbol, count(*), sum(amount) FROM " + schema + ".demo_trades GROUP BY symbol ORDER BY symbol")) {
            int n = 0;
            while (r.next()) {
                if (n++ > 0) b.append(',');
                b.append(String.format(Locale.ROOT, "{\"symbol\":\"%s\",\"trades\":%d,\"volume\":%s}", r.getString(1), r.getLong(2),
                        r.getBigDecimal(3).toPlainString()));
            }
        }
        String json = b.append("],\"cached\":false}").toString();
        redis.set(cacheKey, json.replace("\"cached\":false", "\"cached\":true"), SetArgs.Builder.ex(5));
        return json;
    }

    /**
     * Borrows a pooled connection and, on {@code share} of the calls (every 1/share-th, deterministic), never gives it
     * back: the connection leak the pool monitor should show. Leaked connections are closed by {@link #close()}.
     */
    public String leaky(double share) throws SQLException {
        Connection c = db.getConnection();
        long n = leakCounter.incrementAndGet();
        boolean leak = share > 0 && (n % Math.max(1, Math.round(1 / share))) == 0;
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM " + schema + ".demo_sessions")) {
            r.next();
            String json = "{\"sessions\":" + r.getLong(1) + ",\"leaked\":" + leak + "}";
            if (leak) {
                synchronized (leaked) {
                    leaked.add(c);
                }
            } else {
                c.close();
            }
            return json;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    public int leakedConnections() {
        synchronized (leaked) {
            return leaked.size();
        }
    }

    public void close() {
        synchronized (leaked) {
            for (Connection c : leaked) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // the pool is closing anyway
                }
            }
            leaked.clear();
        }
    }

    /** Writes one row as a JSON object. */
    private interface RowJson {
        void write(ResultSet row, StringBuilder out) throws SQLException;
    }

    /** {@code {"items":[...],"count":N}} over the rows {@code ps} returns. */
    private static String items(PreparedStatement ps, RowJson row) throws SQLException {
        StringBuilder b = new StringBuilder("{\"items\":[");
        int n = 0;
        try (ResultSet r = ps.executeQuery()) {
            while (r.next()) {
                if (n++ > 0) b.append(',');
                row.write(r, b);
            }
        }
        return b.append("],\"count\":").append(n).append('}').toString();
    }
}
