package dev.stampede.core.engine;

import java.util.List;

/**
 * A window in which the target stopped answering: attempts were in flight and completions stopped
 * (see {@link StallDetector} for the exact rule). Immutable.
 *
 * @param phase       the phase the window began in
 * @param startSecond start of the first stalled interval, in seconds since the scenario started
 * @param endSecond   end of the last stalled interval, same scale
 * @param seconds     {@code endSecond - startSecond}
 * @param inFlight    the most attempts in flight at any interval end inside the window
 * @param operations  names of the operations that had attempts in flight during the window, in
 *                    workload order; their latency percentiles include the stall
 */
public record Stall(String phase, double startSecond, double endSecond, double seconds, int inFlight,
                    List<String> operations) {
    public Stall {
        operations = List.copyOf(operations);
    }
}
