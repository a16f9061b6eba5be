package dev.stampede.core.engine;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Finds windows where the target stopped answering while work was waiting on it: a frozen server, a
 * lock held by another session, a checkpoint storm.
 *
 * <p>The rule, per sampler interval: the interval is <em>stalled</em> when at its end at least one
 * attempt is in flight and its completion rate (ok, failed and unknown attempts that ended in it, per
 * second) is at most 1% of the best per-second completion rate of any earlier interval of the scenario
 * (so zero completions always qualify, and a trickle under a heavy load does too). Consecutive stalled
 * intervals form a window; a window of at least {@code minNanos} (2 s by default) is a {@link Stall}.
 * A window still open at {@link #finish} is closed there. One limit: an operation that legitimately
 * runs longer than the threshold while nothing else completes looks the same as a stall.
 *
 * <p>Thread-safety: confined to the sampler thread.
 */
final class StallDetector {
    /** A stalled interval's completion rate is at most this fraction of the best rate so far. */
    static final double FAR_BELOW = 0.01;

    private final double minSeconds;
    private final List<String> operationNames;
    private final List<Stall> stalls = new ArrayList<>();
    private double bestRate;
    // the open window, if any
    private boolean open;
    private String phase;
    private double start;
    private double end;
    private int maxInFlight;
    private final BitSet ops = new BitSet();

    StallDetector(long minNanos, List<String> operationNames) {
        this.minSeconds = minNanos / 1e9;
        this.operationNames = List.copyOf(operationNames);
    }

    /**
     * Feeds one interval.
     *
     * @param fromSecond     interval start, seconds since the scenario started
     * @param toSecond       interval end
     * @param completions    attempts that ended in the interval
     * @param inFlight       attempts in flight at its end
     * @param inFlightOps    indexes of the operations those attempts run
     */
    void interval(String phaseName, double fromSecond, double toSecond, long completions, int inFlight, BitSet inFlightOps) {
        double length = toSecond - fromSecond;
        if (length <= 0) return;
        double rate = completions / length;
        boolean stalled = inFlight > 0 && rate <= FAR_BELOW * bestRate;
        if (stalled) {
            if (!open) {
                open = true;
                phase = phaseName;
                start = fromSecond;
                maxInFlight = 0;
                ops.clear();
            }
            end = toSecond;
            maxInFlight = Math.max(maxInFlight, inFlight);
            ops.or(inFlightOps);
        } else {
            close();
            bestRate = Math.max(bestRate, rate);
        }
    }

    /** Closes a window still open; call after the last interval. */
    void finish() { close(); }

    private void close() {
        if (!open) return;
        open = false;
        if (end - start + 1e-9 < minSeconds) return;
        List<String> names = new ArrayList<>();
        for (int i = ops.nextSetBit(0); i >= 0; i = ops.nextSetBit(i + 1)) names.add(operationNames.get(i));
        stalls.add(new Stall(phase, start, end, end - start, maxInFlight, names));
    }

    List<Stall> stalls() { return List.copyOf(stalls); }
}
