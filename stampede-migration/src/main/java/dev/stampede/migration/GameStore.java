package dev.stampede.migration;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One side of the migration: where the game state lives. Implementations are thread-safe; every method talks to the
 * server and throws the driver's exception when it fails (the router turns it into an outcome).
 */
interface GameStore extends AutoCloseable {

    /** {@code redis} or {@code postgres}, for reports. */
    String name();

    /** Writes a new record at version 1; a record that exists already is left as it is. */
    void insert(Row row) throws Exception;

    /** Adds {@code deltas} to integer columns of one record atomically, raises its version by one, returns the result; null when absent. */
    Row increment(Kind kind, String id, Map<String, Long> deltas) throws Exception;

    /** Writes {@code row} as it is when the store has no record of it or an older version; returns whether it wrote. */
    boolean mirror(Row row) throws Exception;

    /** {@link #mirror} for many rows at once (the backfill's batch); returns how many were written. */
    int mirrorAll(List<Row> rows) throws Exception;

    /** The record, or null. */
    Row read(Kind kind, String id) throws Exception;

    /** Calls {@code sink} once for every record the store holds. */
    void forEach(Consumer<Row> sink) throws Exception;

    @Override
    void close();
}
