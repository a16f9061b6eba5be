package dev.stampede.migration;

import java.time.Duration;
import java.util.Locale;

/** The migration's phases, with the router mode each runs in and its default share of the scenario. */
enum PhaseKind {
    BASELINE(StoreMode.REDIS, 60),
    DUAL_WRITE(StoreMode.DUAL_WRITE, 60),
    BACKFILL(StoreMode.DUAL_WRITE, 120),
    VERIFY(StoreMode.DUAL_WRITE, 30),
    SHADOW_READS(StoreMode.SHADOW_READS, 60),
    CUTOVER(StoreMode.POSTGRES, 60),
    ROLLBACK(StoreMode.DUAL_WRITE, 60),
    /** The user's own command: the router stays in the mode it is in. */
    COMMAND(null, 60);

    final StoreMode mode;
    final Duration defaultDuration;

    PhaseKind(StoreMode mode, int seconds) {
        this.mode = mode;
        this.defaultDuration = Duration.ofSeconds(seconds);
    }

    /** The configuration name: {@code dual-write}. */
    String id() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }

    static PhaseKind of(String id) {
        for (PhaseKind k : values()) if (k.id().equals(id.trim().toLowerCase(Locale.ROOT).replace('_', '-'))) return k;
        return null;
    }
}
