package dev.stampede.core.engine;

/**
 * One process's share of a closed-model phase's users in a distributed run: the plan's users are dealt out by
 * number, user {@code u} of the plan to the share with {@code u mod stride == offset}. Immutable.
 *
 * @param offset    this share's first plan user (the shard index), 0..stride-1
 * @param stride    how many shares the users are dealt into (the shard count), at least 1
 * @param planUsers the plan's users over all shares
 */
public record UserShare(int offset, int stride, int planUsers) {
    public UserShare {
        if (stride < 1) throw new IllegalArgumentException("stride must be at least 1, got " + stride);
        if (offset < 0 || offset >= stride) throw new IllegalArgumentException("offset must be 0.." + (stride - 1) + ", got " + offset);
        if (planUsers < 1) throw new IllegalArgumentException("plan users must be at least 1, got " + planUsers);
    }

    /** How many of the plan's users fall to this share (0 when there are fewer users than shares). */
    public int users() {
        return planUsers <= offset ? 0 : (planUsers - offset + stride - 1) / stride;
    }

    /** The plan's number of this share's user {@code j}. */
    public int planUser(int j) {
        return offset + j * stride;
    }
}
