package dev.stampede.core.engine;

import dev.stampede.core.api.OperationContext;

/**
 * When one closed-model user starts its next attempt, and from when that attempt is measured. Shared by the
 * thread-per-user loop ({@link PhaseDriver}) and {@link AsyncClosedUsers}, so both follow the same rules:
 *
 * <ul>
 *   <li>a wait asked for by the operation during the attempt ({@link OperationContext#thinkNext},
 *       {@link OperationContext#paceNext}) replaces the phase's think time or pace for that one wait;</li>
 *   <li>think time: the next attempt is due {@code think} after the previous one ended and is measured from its
 *       actual start (closed-model latency without pace excludes client-side queueing);</li>
 *   <li>pace: the next attempt is intended {@code pace} after the previous attempt's intended start (its slot) and
 *       is measured from that slot even when it starts late. With the phase's pace alone the slots are
 *       {@code userStart + i * pace}; a pace after an unpaced attempt counts from that attempt's actual start.</li>
 * </ul>
 *
 * <p>Waits are never latency: an attempt's intended start is at or after the end of the wait before it.
 *
 * <p>Thread-safety: none; one per user, used by whichever thread runs that user at the time (the engine hands a
 * user from thread to thread with a happens-before edge).
 */
final class UserSchedule {
    private final long thinkNanos;
    private final long paceNanos;
    private final long phaseStart;
    private final int user;
    private final Stages stages;
    private final long firstDue;
    private boolean paced;
    private long slot;
    private long lastIntended;

    /**
     * @param userStart  when the user's first attempt is due (its ramp-up start), on the engine's clock
     * @param thinkNanos the phase's think time, 0 for none
     * @param paceNanos  the phase's pace, 0 for none
     */
    UserSchedule(long userStart, long thinkNanos, long paceNanos) {
        this(userStart, 0, null, thinkNanos, paceNanos);
    }

    /**
     * A user of ramping stages: it runs only while the stages' target is above its number. When a ramp-down stopped
     * it and a ramp-up starts it again, its schedule starts afresh there (a pace counts from that moment, not from
     * slots missed while it was not running).
     */
    UserSchedule(long phaseStart, int user, Stages stages, long thinkNanos, long paceNanos) {
        this.thinkNanos = thinkNanos;
        this.paceNanos = paceNanos;
        this.phaseStart = phaseStart;
        this.user = user;
        this.stages = stages;
        this.paced = paceNanos > 0;
        this.slot = phaseStart;
        this.firstDue = gate(phaseStart);
    }

    /**
     * The schedule of user {@code u} of {@code model}'s phase started at {@code phaseStart}: ramp-up or stages, by the
     * user's number in the plan (its share's numbering in a distributed run).
     */
    static UserSchedule of(LoadModel.Closed model, long phaseStart, int u) {
        long think = model.thinkTime().toNanos(), pace = model.pace().toNanos();
        int planUser = model.share() == null ? u : model.share().planUser(u);
        if (model.stages() != null) return new UserSchedule(phaseStart, planUser, model.stages(), think, pace);
        int users = model.share() == null ? model.users() : model.share().planUsers();
        return new UserSchedule(phaseStart + (users == 1 ? 0 : model.rampUp().toNanos() * planUser / users), think, pace);
    }

    /** When the first attempt is due; {@link Long#MAX_VALUE} for a user the stages never start. */
    long first() { return firstDue; }

    /**
     * The intended start of the attempt that starts now, at {@code actual}: its slot when paced, else {@code actual}.
     * Call once per attempt, before it is recorded.
     */
    long intendedFor(long actual) {
        lastIntended = paced ? slot : actual;
        return lastIntended;
    }

    /**
     * After an attempt: when the next one is due. Reads the wait the operation asked for from {@code ctx} (before the
     * context's next attempt resets it).
     *
     * @param now clock reading after the attempt ended
     * @return the deadline to wait for; at or before {@code now} when the next attempt may start at once
     */
    long next(OperationContext ctx, long now) {
        long wait = ctx.nextWaitNanos();
        long due;
        if (wait >= 0) due = ctx.nextPaced() ? paceFrom(wait) : thinkFrom(now, wait);
        else if (paceNanos > 0) due = paceFrom(paceNanos);
        else due = thinkFrom(now, thinkNanos);
        long floor = ctx.notBeforeNanos();
        if (floor > 0 && due < now + floor) due = thinkFrom(now, floor);
        return gate(due);
    }

    /** {@code due}, or when the stages next let this user run if they do not at {@code due}. */
    private long gate(long due) {
        if (stages == null || due == Long.MAX_VALUE) return due;
        long at = stages.nextActive(user, Math.max(0, due - phaseStart));
        if (at == Long.MAX_VALUE) return Long.MAX_VALUE;
        long abs = phaseStart + at;
        if (abs <= due) return due;
        paced = paceNanos > 0;
        slot = abs;
        return abs;
    }

    private long paceFrom(long pace) {
        paced = true;
        slot = lastIntended + pace;
        return slot;
    }

    private long thinkFrom(long now, long think) {
        paced = false;
        return now + think;
    }
}
