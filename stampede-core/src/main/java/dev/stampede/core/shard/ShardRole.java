package dev.stampede.core.shard;

import java.time.Instant;

/**
 * What a target needs to know about sharding when it begins a scenario: whether it prepares the scenario's data and
 * leaves a mark when done (shard 0 of several), or waits for that mark instead of preparing (every other shard), and
 * the run key that names the mark. Immutable.
 *
 * @param runKey    {@link Shard#runKey}: the same for all shards of one run, different for any other run
 * @param prepareBy when waiting for shard 0's data must give up: a little after the scenario's planned start (shard 0
 *                  itself may start late; the merge then reports the skew)
 */
public record ShardRole(Shard shard, String runKey, Instant prepareBy) {
    /** An ordinary run: prepare the data, mark nothing. */
    public static final ShardRole SINGLE = new ShardRole(Shard.SINGLE, null, null);

    /** This shard must not prepare the data but wait for shard 0's mark. */
    public boolean waitsForData() { return shard.count() > 1 && !shard.preparesData(); }

    /** This shard prepares the data and must mark it ready for the others. */
    public boolean marksData() { return shard.count() > 1 && shard.preparesData(); }
}
