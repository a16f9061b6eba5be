package dev.stampede.core.shard;

import dev.stampede.core.config.ConfigException;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Which part of a distributed run this process is: shard {@code index} of {@code count} of the same plan, every shard
 * starting its load at the absolute instant {@code startAt}. {@link #SINGLE} is an ordinary run. Immutable.
 *
 * @param startAt when the first scenario's load starts on every shard (wall clock, UTC); null for "at once"
 */
public record Shard(int index, int count, Instant startAt) {
    /** An ordinary, unsharded run. */
    public static final Shard SINGLE = new Shard(0, 1, null);

    public Shard {
        if (count < 1) throw new ConfigException("--shard: the number of shards must be at least 1, got " + count);
        if (index < 0 || index >= count) {
            throw new ConfigException("--shard " + index + "/" + count + ": the shard index must be 0.." + (count - 1)
                    + " (shards are numbered from 0, as a Kubernetes Indexed Job's JOB_COMPLETION_INDEX)");
        }
    }

    /**
     * Parses {@code --shard I/N} and {@code --start-at T}. A shard needs a start time, so that all shards' phases line
     * up; a start time alone is a single process that waits for it.
     *
     * @param spec    "I/N", or null for none
     * @param startAt an ISO-8601 instant such as {@code 2026-12-01T10:00:00Z}, or null
     * @param now     the current time, to refuse a start in the past
     * @throws ConfigException naming the flag, the value and the fix
     */
    public static Shard parse(String spec, String startAt, Instant now) {
        Instant at = null;
        if (startAt != null) {
            try {
                at = Instant.parse(startAt.trim());
            } catch (DateTimeParseException e) {
                throw new ConfigException("--start-at '" + startAt + "' is not an ISO-8601 instant; write it as "
                        + "2026-12-01T10:00:00Z (UTC, with the Z)");
            }
            if (!at.isAfter(now)) {
                throw new ConfigException("--start-at " + at + " is in the past (now " + now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "); give every shard "
                        + "the same start a little in the future, for example a minute from now");
            }
        }
        if (spec == null) return at == null ? SINGLE : new Shard(0, 1, at);
        String[] parts = spec.trim().split("/", -1);
        int i, n;
        try {
            if (parts.length != 2) throw new NumberFormatException();
            i = Integer.parseInt(parts[0].trim());
            n = Integer.parseInt(parts[1].trim());
        } catch (NumberFormatException e) {
            throw new ConfigException("--shard '" + spec + "' is not I/N; write it as 0/4 for the first of four shards");
        }
        Shard s = new Shard(i, n, at);
        if (at == null) {
            throw new ConfigException("--shard " + spec + " needs --start-at: every shard must start its load at the same "
                    + "instant (for example --start-at " + now.plusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ")");
        }
        return s;
    }

    /** True for a part of a distributed run (or a run that waits for its start time): a result bundle is written. */
    public boolean distributed() { return count > 1 || startAt != null; }

    /** True for the shard that prepares (loads) the workload's data; the others wait for it. */
    public boolean preparesData() { return index == 0; }

    /**
     * The random seed of this shard: the run's seed for shard 0, a different stream for each other shard, so that
     * Poisson shards are independent (their sum is then the planned Poisson process) and users do not repeat each
     * other's operation sequences.
     */
    public long seed(long runSeed) {
        return index == 0 ? runSeed : runSeed + 0x9E3779B97F4A7C15L * index;
    }

    /** "2/4". */
    public String label() { return index + "/" + count; }

    /**
     * What every shard of one distributed run shares and another run does not: the start instant and the plan's
     * fingerprint. Targets use it to name the mark shard 0 leaves when its data is in place.
     */
    public String runKey(String planFingerprint) {
        return (startAt == null ? "now" : startAt.toString()) + "/" + planFingerprint;
    }
}
