package dev.stampede.postgres.health;

/**
 * An index's scans over the test window, with its definition (for the missing-index check).
 *
 * @param sizeBytes  -1 when its table was locked ACCESS EXCLUSIVE by another session at the end (not waited for)
 * @param definition from the end snapshot, or the start one when the table was locked at the end; null when neither could be read
 */
public record IndexDelta(String schema, String table, String index, long scans, long totalScans, long sizeBytes,
                         boolean unique, String definition) {
}
