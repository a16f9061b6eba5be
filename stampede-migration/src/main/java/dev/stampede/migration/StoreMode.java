package dev.stampede.migration;

/**
 * Where the router sends reads and writes. The primary answers the user; the mirror, when there is one, gets every
 * write the primary acknowledged, with its version, so that the other store stays in step.
 */
enum StoreMode {
    /** Redis only: the old store before the migration. */
    REDIS(false, false, false),
    /** Reads and writes on Redis, every write mirrored to PostgreSQL. */
    DUAL_WRITE(false, true, false),
    /** As dual-write, and each read also asked of PostgreSQL and the answers compared. */
    SHADOW_READS(false, true, true),
    /** Reads and writes on PostgreSQL, every write mirrored back to Redis so that a rollback finds it there. */
    POSTGRES(true, true, false);

    final boolean postgresPrimary;
    final boolean mirrors;
    final boolean shadow;

    StoreMode(boolean postgresPrimary, boolean mirrors, boolean shadow) {
        this.postgresPrimary = postgresPrimary;
        this.mirrors = mirrors;
        this.shadow = shadow;
    }
}
