package dev.stampede.core.engine;

import java.time.Duration;

/**
 * How a phase generates load. Immutable.
 */
public sealed interface LoadModel {

    /**
     * Closed model: {@code users} virtual users each loop run-then-think. Throughput follows the
     * target's speed; latency is measured from each attempt's actual start, which is all a closed
     * model can honestly claim (a slow target slows the arrivals too: coordinated omission is inherent
     * to the model, which is why the open model exists).
     *
     * @param users     virtual users, at least 1
     * @param rampUp    time over which the users start, evenly spaced; zero starts them all at once
     * @param thinkTime pause between a user's attempts; zero for none
     */
    record Closed(int users, Duration rampUp, Duration thinkTime) implements LoadModel {
        public Closed {
            if (users < 1) throw new IllegalArgumentException("users must be at least 1, got " + users);
        }
    }

    /**
     * Open model: arrivals at {@code ratePerSecond}, each with an intended start time fixed in
     * advance. Latency runs from the intended start, so a stalled target shows in the percentiles
     * (no coordinated omission). At most {@code maxInFlight} attempts run at once; later arrivals wait
     * and their wait counts in their latency. Arrivals due inside the phase that could not start before
     * it ended are counted as dropped.
     */
    record Open(double ratePerSecond, ArrivalProcess arrivals, int maxInFlight) implements LoadModel {
        public Open {
            if (!(ratePerSecond > 0)) throw new IllegalArgumentException("rate must be positive, got " + ratePerSecond);
            if (maxInFlight < 1) throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
        }
    }
}
