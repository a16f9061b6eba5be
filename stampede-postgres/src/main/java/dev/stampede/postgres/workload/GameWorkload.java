package dev.stampede.postgres.workload;

import dev.stampede.core.api.Workload;
import dev.stampede.core.workload.WeightedWorkload;
import dev.stampede.postgres.OwnSchema;
import dev.stampede.postgres.Tx;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;

/**
 * The built-in {@code game} workload over {@link GameSchema}: point and range reads, a JOIN with a
 * JSONB aggregate, INSERT, UPDATE, upsert, DELETE, a four-statement REPEATABLE READ transaction (which
 * meets serialization failures under contention and retries them) and a 20-row batch insert.
 *
 * <p>{@code readWriteRatio} is the share of attempts that are reads; within reads and within writes the
 * weights below apply. Every value is bound as a parameter.
 */
public final class GameWorkload {
    private GameWorkload() {
    }

    public static Workload create(DataSource ds, OwnSchema own, GameSchema data, double readWriteRatio, int maxTries) {
        return new WeightedWorkload("game", Grouped.select(operations(ds, own, data, readWriteRatio, maxTries), List.of()));
    }

    /** The operations, grouped "read" and "write", weighted by {@code readWriteRatio}. */
    public static List<Grouped> operations(DataSource ds, OwnSchema own, GameSchema data, double readWriteRatio, int maxTries) {
        String g = own.qualify("games"), p = own.qualify("players"), s = own.qualify("sessions"),
                e = own.qualify("game_events"), gp = own.qualify("game_players");
        int players = data.players(), games = data.games(), sessions = data.sessions();

        List<Grouped> reads = List.of(
                SqlOps.statement("read", "player_lookup", ds, maxTries,
                        "SELECT player_id, username, total_games, wins, player_data FROM " + p + " WHERE player_id = ?",
                        r -> new Object[]{"p" + (1 + r.nextInt(players))}, 40),
                SqlOps.statement("read", "recent_events", ds, maxTries,
                        "SELECT event_id, event_type, event_data, created_at FROM " + e
                                + " WHERE game_id = ? ORDER BY created_at DESC LIMIT 20", r -> new Object[]{"g" + (1 + r.nextInt(games))}, 30),
                SqlOps.statement("read", "player_sessions", ds, maxTries,
                        "SELECT session_id, connection_state, last_activity FROM " + s
                                + " WHERE player_id = ? ORDER BY last_activity DESC LIMIT 5", r -> new Object[]{"p" + (1 + r.nextInt(players))}, 15),
                SqlOps.statement("read", "game_roster", ds, maxTries,
                        "SELECT g.game_id, g.status, count(gp.player_id) AS players, "
                                + "jsonb_agg(jsonb_build_object('player', pl.username, 'wins', pl.wins, 'level', pl.player_data -> 'level') "
                                + "ORDER BY pl.wins DESC) AS roster, avg((pl.player_data ->> 'rating')::int) AS avg_rating FROM " + g
                                + " g JOIN " + gp + " gp ON gp.game_id = g.game_id JOIN " + p + " pl ON pl.player_id = gp.player_id "
                                + "WHERE g.game_id = ? GROUP BY g.game_id, g.status", r -> new Object[]{"g" + (1 + r.nextInt(games))}, 15));

        List<Grouped> writes = List.of(
                SqlOps.statement("write", "insert_event", ds, maxTries,
                        "INSERT INTO " + e + " (game_id, event_type, event_data) VALUES (?, ?, ?::jsonb)",
                        r -> new Object[]{"g" + (1 + r.nextInt(games)), "card_played", "{\"card\": " + r.nextInt(52) + "}"}, 30),
                SqlOps.statement("write", "update_player", ds, maxTries,
                        "UPDATE " + p + " SET total_games = total_games + 1, wins = wins + ?, updated_at = now(), "
                                + "player_data = jsonb_set(player_data, '{rating}', to_jsonb(coalesce((player_data ->> 'rating')::int, 1000) + ?)) "
                                + "WHERE player_id = ?", r -> new Object[]{r.nextInt(2), r.nextInt(-20, 21), "p" + (1 + r.nextInt(players))}, 25),
                SqlOps.statement("write", "upsert_session", ds, maxTries,
                        "INSERT INTO " + s + " (session_id, player_id, game_id, connection_state, session_data) "
                                + "VALUES (?, ?, ?, 'connected', ?::jsonb) ON CONFLICT (session_id) DO UPDATE "
                                + "SET last_activity = now(), connection_state = 'reconnected'",
                        r -> new Object[]{"s" + (1 + r.nextInt(sessions * 2)), "p" + (1 + r.nextInt(players)),
                                "g" + (1 + r.nextInt(games)), "{\"client\": \"web\"}"}, 15),
                SqlOps.statement("write", "delete_session", ds, maxTries, "DELETE FROM " + s + " WHERE session_id = ?",
                        r -> new Object[]{"s" + (1 + r.nextInt(sessions * 2))}, 10),
                SqlOps.body("write", "join_game_tx", ds, maxTries, 15, 1, (c, r) -> {
                    String game = "g" + (1 + r.nextInt(games));
                    String player = "p" + (1 + r.nextInt(players));
                    Tx.run(c, Connection.TRANSACTION_REPEATABLE_READ, tx -> {
                        SqlOps.update(tx, "INSERT INTO " + gp + " (game_id, player_id) VALUES (?, ?) ON CONFLICT DO NOTHING", game, player);
                        SqlOps.update(tx, "UPDATE " + g + " SET player_count = player_count + 1, updated_at = now() WHERE game_id = ?", game);
                        SqlOps.update(tx, "INSERT INTO " + e + " (game_id, event_type, event_data) VALUES (?, 'player_joined', ?::jsonb)",
                                game, "{\"player\": \"" + player + "\"}");
                        SqlOps.update(tx, "UPDATE " + p + " SET total_games = total_games + 1 WHERE player_id = ?", player);
                    });
                }),
                SqlOps.body("write", "batch_events", ds, maxTries, 5, 1, (c, r) -> {
                    String game = "g" + (1 + r.nextInt(games));
                    try (PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO " + e + " (game_id, event_type, event_data) VALUES (?, ?, ?::jsonb)")) {
                        for (int i = 0; i < 20; i++) {
                            ps.setString(1, game);
                            ps.setString(2, "trick_won");
                            ps.setString(3, "{\"trick\": " + i + "}");
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                }));

        return Grouped.mix(reads, writes, readWriteRatio);
    }
}
