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
     * @param stages    ramping users (k6's ramping VUs): user {@code u} runs while the stages' target is above
     *                  {@code u}; a user ramped down ends its attempt in flight and starts no other until it is
     *                  ramped up again. {@code users} is then the peak and {@code rampUp} zero. Null for none
     * @param share     this process's share of a plan's users in a distributed run (its user {@code j} is the plan's
     *                  user {@code share.planUser(j)}: ramp-up position and stage gating follow the plan's numbering, so
     *                  the shards together start and stop exactly the plan's users at the plan's times); null for all
     */
    record Closed(int users, Duration rampUp, Duration thinkTime, Duration pace, Stages stages, UserShare share) implements LoadModel {
        public Closed {
            if (share != null && users != share.users()) {
                throw new IllegalArgumentException("users (" + users + ") must be the share's " + share.users() + " of " + share.planUsers());
            }
            if (stages != null) {
                if (rampUp != null && !rampUp.isZero()) throw new IllegalArgumentException("stages and a ramp-up are exclusive: stages ramp the users");
                int planUsers = share == null ? users : share.planUsers();
                if (planUsers != (int) Math.ceil(stages.peak())) {
                    throw new IllegalArgumentException("users (" + planUsers + ") must be the stages' peak (" + stages.peak() + ")");
                }
            }
            if (users < 1) throw new IllegalArgumentException("users must be at least 1, got " + users);
            if (rampUp == null || rampUp.isNegative()) throw new IllegalArgumentException("ramp-up must not be negative, got " + rampUp);
            if (thinkTime == null || thinkTime.isNegative()) throw new IllegalArgumentException("think time must not be negative, got " + thinkTime);
            if (pace == null || pace.isNegative()) throw new IllegalArgumentException("pace must not be negative, got " + pace);
            if (!pace.isZero() && !thinkTime.isZero()) {
                throw new IllegalArgumentException("pace (" + pace + ") and think time (" + thinkTime + ") are exclusive: "
                        + "pace already spaces a user's iterations");
            }
        }

        /** All of the plan's users. */
        public Closed(int users, Duration rampUp, Duration thinkTime, Duration pace, Stages stages) {
            this(users, rampUp, thinkTime, pace, stages, null);
        }

        /** Without stages. */
        public Closed(int users, Duration rampUp, Duration thinkTime, Duration pace) {
            this(users, rampUp, thinkTime, pace, null);
        }

        /** Without pace: latency from each attempt's actual start. */
        public Closed(int users, Duration rampUp, Duration thinkTime) {
            this(users, rampUp, thinkTime, Duration.ZERO);
        }

        /** Ramping users: as many users as the stages' peak, started and stopped by the stages. */
        public static Closed ramping(Stages stages, Duration thinkTime, Duration pace) {
            return new Closed(Math.max(1, (int) Math.ceil(stages.peak())), Duration.ZERO, thinkTime, pace, stages);
        }

        public boolean paced() { return !pace.isZero(); }
    }

    /**
     * Open model: arrivals at {@code ratePerSecond}, each with an intended start time fixed in
     * advance. Latency runs from the intended start, so a stalled target shows in the percentiles
     * (no coordinated omission). At most {@code maxInFlight} attempts run at once; later arrivals wait
     * and their wait counts in their latency. Arrivals due inside the phase that could not start before
     * it ended are counted as dropped.
     *
     * @param rateStages   ramping arrival rate (k6's ramping-arrival-rate): arrivals per second follow the stages and
     *                     {@code ratePerSecond} is their peak; null for a constant rate
     * @param arrivalPhase constant arrivals only: arrival {@code i} is due where {@code i + arrivalPhase} arrivals were
     *                     due (0 normally, in [0, 1)). Shard {@code I} of {@code N} of a constant plan at rate {@code R}
     *                     runs at {@code R/N} with phase {@code I/N}, that is offset by {@code I/R} (a fraction
     *                     {@code I/N} of its own period {@code N/R}), so the shards' arrivals interleave into the plan's
     *                     evenly spaced process, ramping stages included ({@code dev.stampede.core.shard.ShardPlans})
     */
    record Open(double ratePerSecond, ArrivalProcess arrivals, int maxInFlight, Stages rateStages, double arrivalPhase)
            implements LoadModel {
        public Open {
            if (!(ratePerSecond > 0)) throw new IllegalArgumentException("rate must be positive, got " + ratePerSecond);
            if (maxInFlight < 1) throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
            if (!(arrivalPhase >= 0 && arrivalPhase < 1)) throw new IllegalArgumentException("arrival phase must be in [0, 1), got " + arrivalPhase);
            if (arrivalPhase != 0 && arrivals != ArrivalProcess.CONSTANT) {
                throw new IllegalArgumentException("an arrival phase applies to constant arrivals only, not " + arrivals);
            }
            if (rateStages != null && rateStages.peak() != ratePerSecond) {
                throw new IllegalArgumentException("rate (" + ratePerSecond + ") must be the stages' peak (" + rateStages.peak() + ")");
            }
        }

        /** Arrivals from the phase's start. */
        public Open(double ratePerSecond, ArrivalProcess arrivals, int maxInFlight, Stages rateStages) {
            this(ratePerSecond, arrivals, maxInFlight, rateStages, 0);
        }

        /** A constant rate. */
        public Open(double ratePerSecond, ArrivalProcess arrivals, int maxInFlight) {
            this(ratePerSecond, arrivals, maxInFlight, null);
        }

        /** A ramping rate: arrivals per second follow {@code stages} (peak above 0). */
        public static Open ramping(Stages stages, ArrivalProcess arrivals, int maxInFlight) {
            return new Open(stages.peak(), arrivals, maxInFlight, stages);
        }
    }
}
