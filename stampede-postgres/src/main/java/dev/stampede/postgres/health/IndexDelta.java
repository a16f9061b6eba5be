package dev.stampede.postgres.health;

/** An index's scans over the test window, with its definition (for the missing-index check). */
public record IndexDelta(String schema, String table, String index, long scans, long totalScans, long sizeBytes,
                         boolean unique, String definition) {
}
