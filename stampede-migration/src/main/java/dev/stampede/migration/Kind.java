package dev.stampede.migration;

import java.util.List;

/**
 * The kinds of game state the built-in store keeps (seed 001's game server), with their mapping between the two stores:
 * in Redis a hash (players, games) or a JSON string value (sessions, events) at {@code <prefix>mig:<segment>:<id>}; in
 * PostgreSQL a table of Stampede's schema with the game workload's columns plus {@code v}, the record's version. Every
 * write raises {@code v} by one in the store that is primary, and a mirror write only replaces an older version, so
 * the stores converge whatever order mirror, backfill and carry-back writes arrive in.
 */
enum Kind {
    PLAYER("player", "migration_players", "player_id", true,
            List.of(col("username", Type.TEXT), col("total_games", Type.INT), col("wins", Type.INT), col("player_data", Type.JSON))),
    GAME("game", "migration_games", "game_id", true,
            List.of(col("status", Type.TEXT), col("current_phase", Type.TEXT), col("player_count", Type.INT), col("moves", Type.INT),
                    col("game_data", Type.JSON))),
    SESSION("session", "migration_sessions", "session_id", false,
            List.of(col("player_id", Type.TEXT), col("game_id", Type.TEXT), col("connection_state", Type.TEXT), col("session_data", Type.JSON))),
    EVENT("event", "migration_game_events", "event_id", false,
            List.of(col("game_id", Type.TEXT), col("event_type", Type.TEXT), col("event_data", Type.JSON)));

    /** A column's type: how PostgreSQL stores it and how two values are compared. */
    enum Type { TEXT, INT, JSON }

    record Column(String name, Type type) {
        String sqlType() {
            return switch (type) {
                case TEXT -> "varchar(255)";
                case INT -> "integer";
                case JSON -> "jsonb";
            };
        }
    }

    final String segment;
    final String table;
    final String idColumn;
    /** True for a Redis hash, false for a JSON string value. */
    final boolean hash;
    final List<Column> columns;

    Kind(String segment, String table, String idColumn, boolean hash, List<Column> columns) {
        this.segment = segment;
        this.table = table;
        this.idColumn = idColumn;
        this.hash = hash;
        this.columns = columns;
    }

    private static Column col(String name, Type type) {
        return new Column(name, type);
    }

    Column column(String name) {
        for (Column c : columns) if (c.name().equals(name)) return c;
        throw new IllegalArgumentException(this + " has no column " + name);
    }

    static Kind bySegment(String segment) {
        for (Kind k : values()) if (k.segment.equals(segment)) return k;
        return null;
    }
}
