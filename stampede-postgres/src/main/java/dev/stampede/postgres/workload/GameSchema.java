package dev.stampede.postgres.workload;

import dev.stampede.postgres.OwnSchema;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Seed 001's game-server schema (games, players, sessions, game_events, game_players) in Stampede's
 * schema, and a server-side loader: per unit of scale 1,000 players, 200 games, 500 sessions, four
 * players per game and 20 events per game. Loading is repeated for every run so that runs compare.
 */
public final class GameSchema {
    static final String WORKLOAD = "game";
    static final List<String> TABLES = List.of("games", "players", "sessions", "game_events", "game_players");

    private final OwnSchema own;
    private final int scale;

    public GameSchema(OwnSchema own, int scale) {
        this.own = own;
        this.scale = scale;
    }

    public int players() { return 1000 * scale; }
    public int games() { return 200 * scale; }
    public int sessions() { return 500 * scale; }

    /** Creates the tables if needed, empties them and loads fresh data. */
    public void load(Connection c) throws SQLException {
        own.ensure(c);
        String g = own.qualify("games"), p = own.qualify("players"), s = own.qualify("sessions"),
                e = own.qualify("game_events"), gp = own.qualify("game_players");
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + g + " (game_id VARCHAR(255) PRIMARY KEY, status VARCHAR(50), "
                    + "created_at TIMESTAMP DEFAULT NOW(), updated_at TIMESTAMP DEFAULT NOW(), current_phase VARCHAR(50), "
                    + "player_count INTEGER DEFAULT 0, game_data JSONB)");
            st.execute("CREATE TABLE IF NOT EXISTS " + p + " (player_id VARCHAR(255) PRIMARY KEY, username VARCHAR(255), "
                    + "total_games INTEGER DEFAULT 0, wins INTEGER DEFAULT 0, created_at TIMESTAMP DEFAULT NOW(), "
                    + "updated_at TIMESTAMP DEFAULT NOW(), player_data JSONB)");
            st.execute("CREATE TABLE IF NOT EXISTS " + s + " (session_id VARCHAR(255) PRIMARY KEY, player_id VARCHAR(255), "
                    + "game_id VARCHAR(255), created_at TIMESTAMP DEFAULT NOW(), last_activity TIMESTAMP DEFAULT NOW(), "
                    + "connection_state VARCHAR(50), session_data JSONB)");
            st.execute("CREATE TABLE IF NOT EXISTS " + e + " (event_id SERIAL PRIMARY KEY, game_id VARCHAR(255), "
                    + "event_type VARCHAR(100), event_data JSONB, created_at TIMESTAMP DEFAULT NOW())");
            st.execute("CREATE TABLE IF NOT EXISTS " + gp + " (game_id VARCHAR(255), player_id VARCHAR(255), "
                    + "joined_at TIMESTAMP DEFAULT NOW(), PRIMARY KEY (game_id, player_id))");
            st.execute("CREATE INDEX IF NOT EXISTS game_events_game_created ON " + e + " (game_id, created_at)");
            st.execute("CREATE INDEX IF NOT EXISTS sessions_player_activity ON " + s + " (player_id, last_activity)");
            st.execute("CREATE INDEX IF NOT EXISTS game_players_player ON " + gp + " (player_id)");
            for (String t : TABLES) own.record(c, t, WORKLOAD, scale);
            st.execute("TRUNCATE " + g + ", " + p + ", " + s + ", " + e + ", " + gp + " RESTART IDENTITY");
            int pl = players(), ga = games(), se = sessions();
            st.execute("INSERT INTO " + p + " (player_id, username, total_games, wins, player_data) "
                    + "SELECT 'p' || i, 'player_' || i, (random() * 100)::int, (random() * 50)::int, "
                    + "jsonb_build_object('level', (random() * 60)::int, 'rating', 1000 + (random() * 1000)::int, "
                    + "'country', (ARRAY['ir','us','de','fr','jp'])[1 + i % 5]) FROM generate_series(1, " + pl + ") i");
            st.execute("INSERT INTO " + g + " (game_id, status, current_phase, player_count, game_data) "
                    + "SELECT 'g' || i, (ARRAY['waiting','playing','finished'])[1 + i % 3], "
                    + "(ARRAY['lobby','bidding','playing','scoring'])[1 + i % 4], 4, "
                    + "jsonb_build_object('trump', (ARRAY['hearts','spades','clubs','diamonds'])[1 + i % 4], 'round', i % 13, "
                    + "'scores', jsonb_build_array((random() * 7)::int, (random() * 7)::int)) FROM generate_series(1, " + ga + ") i");
            st.execute("INSERT INTO " + gp + " (game_id, player_id) SELECT 'g' || gi, 'p' || (1 + (gi * 4 + k) % " + pl + ") "
                    + "FROM generate_series(1, " + ga + ") gi, generate_series(0, 3) k ON CONFLICT DO NOTHING");
            st.execute("INSERT INTO " + s + " (session_id, player_id, game_id, connection_state, session_data) "
                    + "SELECT 's' || i, 'p' || (1 + i % " + pl + "), 'g' || (1 + i % " + ga + "), 'connected', "
                    + "jsonb_build_object('ip', '10.0.0.' || (i % 250), 'client', 'web') FROM generate_series(1, " + se + ") i");
            st.execute("INSERT INTO " + e + " (game_id, event_type, event_data, created_at) "
                    + "SELECT 'g' || (1 + i % " + ga + "), (ARRAY['card_played','trick_won','bid','chat'])[1 + i % 4], "
                    + "jsonb_build_object('seq', i, 'card', (random() * 51)::int), now() - make_interval(secs => i) "
                    + "FROM generate_series(1, " + (ga * 20) + ") i");
            st.execute("ANALYZE " + g + ", " + p + ", " + s + ", " + e + ", " + gp);
        }
    }
}
