package dev.stampede.core.engine;

import java.time.Duration;

/**
 * How a phase generates load. Immutable.
 */
public sealed interface LoadModel {

    /**
     * Closed model: {@code users} virtual users each loop run-then-think. Throughput follows the
     * target's speed.
     *
     * <p>Latency without {@code pace}: measured from each attempt's actual start. Closed-model latency
     * then excludes client-side queueing: a slow target slows the users' arrivals too (coordinated
     * omission is inherent to the model). Use the open model ({@code --qps-target}) or {@code pace} to
     * see it.
     *
     * <p>With {@code pace}: each user follows a schedule, iteration {@code i} intended at
     * {@code userStart + i * pace} (Gatling's {@code pace}, k6's constant arrival rate per user). A user
     * waits for its next slot when ahead and starts at once when behind; latency runs from the slot's
     * intended start, so a slow server shows in the percentiles. Pace and think time are exclusive.
     *
     * @param users     virtual users, at least 1
     * @param rampUp    time over which the users start, evenly spaced; zero starts them all at once. Users
     *                  whose start falls after the phase's end do not run in it
     * @param thinkTime pause between a user's attempts; zero for none. Never runs past the phase's end
     * @param pace      interval between a user's intended iteration starts; zero for none
     */
    record Closed(int users, Duration rampUp, Duration thinkTime, Duration pace) implements LoadModel {
        public Closed {
            if (users < 1) throw new IllegalArgumentException("users must be at least 1, got " + users);
            if (rampUp == null || rampUp.isNegative()) throw new IllegalArgumentException("ramp-up must not be negative, got " + rampUp);
            if (thinkTime == null || thinkTime.isNegative()) throw new IllegalArgumentException("think time must not be negative, got " + thinkTime);
            if (pace == null || pace.isNegative()) throw new IllegalArgumentException("pace must not be negative, got " + pace);
            if (!pace.isZero() && !thinkTime.isZero()) {
                throw new IllegalArgumentException("pace (" + pace + ") and think time (" + thinkTime + ") are exclusive: "
                        + "pace already spaces a user's iterations");
            }
        }

        /** Without pace: latency from each attempt's actual start. */
        public Closed(int users, Duration rampUp, Duration thinkTime) {
            this(users, rampUp, thinkTime, Duration.ZERO);
        }

        public boolean paced() { return !pace.isZero(); }
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
