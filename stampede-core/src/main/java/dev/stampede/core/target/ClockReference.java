package dev.stampede.core.target;

/**
 * A clock every shard of a distributed run can read: the system under test's own (a database server's), which all
 * load generators talk to. Each shard reads it as its scenario starts; the merge compares the shards' offsets from it,
 * so clocks that disagree between generators (and would misplace their intervals on the run's clock) are found even
 * when each shard believes it started on time. A target offers it by implementing this interface
 * ({@link Target#capability}).
 */
public interface ClockReference {
    /** What the clock is, for messages (no credentials): "PostgreSQL server 127.0.0.1:5432". */
    String clockName();

    /**
     * One reading of the reference's clock, taken between two readings of {@code localMillis} (this host's wall
     * clock) that enclose only the reading itself (not connecting to it).
     *
     * @throws Exception when it cannot be read; the caller goes without
     */
    Reading readClock(java.util.function.LongSupplier localMillis) throws Exception;

    /** Epoch milliseconds: this host's clock before, the reference's, this host's after. */
    record Reading(long localBefore, long reference, long localAfter) {
    }
}
