package dev.stampede.migration;

import dev.stampede.core.engine.NanoClock;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks the migration's phases while the users' load runs: at each phase's start it moves the users' attempts to the
 * phase's operation, switches the router to the phase's mode and does the phase's work (the backfill, the verify, the
 * user's command), then waits for the phase's planned end on the injected clock (a command that runs longer, up to its
 * timeout, makes its phase longer and the later phases later). A failure (a store unreachable) ends
 * the walk: the phase is marked failed with the reason, the later ones not run, and the router stays in the mode it was
 * in. Runs on a thread of its own from {@link #start}; the results are read after {@link #stopAndJoin}.
 */
final class MigrationDriver {
    private final List<MigrationPhase> phases;
    private final List<Long> plannedNanos;
    private final StoreRouter router;
    private final GameUsers users;
    private final Backfill backfill;
    private final NanoClock clock;
    private final List<String> slots;
    private final Timeline timeline = new Timeline();
    private final List<SwitchAt> switches = new ArrayList<>();
    private final Map<String, CommandRunner.Result> commands = new LinkedHashMap<>();
    private volatile long zeroNanos;
    private volatile Backfill.Result backfillResult;
    private volatile Verifier.Consistency afterVerify;
    private volatile String failure;
    private volatile Thread thread;
    private volatile String current;
    private volatile long currentStart;

    /**
     * @param plannedNanos each phase's planned length (already scaled to the scenario)
     * @param slots        the users' operation names in {@link GameUsers} order (phases and marks)
     */
    MigrationDriver(List<MigrationPhase> phases, List<Long> plannedNanos, StoreRouter router, GameUsers users, Backfill backfill,
                    NanoClock clock, List<String> slots) {
        this.phases = List.copyOf(phases);
        this.plannedNanos = List.copyOf(plannedNanos);
        this.router = router;
        this.users = users;
        this.backfill = backfill;
        this.clock = clock;
        this.slots = List.copyOf(slots);
    }

    /** The time series' zero (the scenario's start on the same clock). */
    void zero(long nanos) { zeroNanos = nanos; }

    void start() {
        thread = clock.start(Thread.ofPlatform().daemon().name("stampede-migration"), this::walk);
    }

    /** Interrupts a walk still running (the load ended first) and waits for it. */
    void stopAndJoin() throws InterruptedException {
        stopAndJoin(10_000);
    }

    /** As {@link #stopAndJoin()}, waiting at most {@code millis} (a driver blocked on a frozen server is left behind). */
    void stopAndJoin(long millis) throws InterruptedException {
        Thread t = thread;
        if (t == null) return;
        t.interrupt();
        t.join(millis);
    }

    /**
     * The timeline's phases with the one in progress, if any, marked {@code status} and ending now: for a report made
     * while the driver may still be blocked.
     */
    List<Timeline.Phase> phasesSoFar(String status) {
        List<Timeline.Phase> out = new ArrayList<>(timeline.phases());
        String c = current;
        if (c != null && out.stream().noneMatch(p -> p.name().equals(c))) {
            MigrationPhase p = phases.stream().filter(x -> x.name().equals(c)).findFirst().orElseThrow();
            out.add(new Timeline.Phase(c, p.kind().id(), router.mode().name().toLowerCase(java.util.Locale.ROOT), seconds(currentStart),
                    seconds(clock.nanoTime()), status, c));
        }
        return out;
    }

    /** The phase running now, or null. */
    String current() { return current; }

    /** Runs the walk on the calling thread (tests, and {@link #start}). */
    void walk() {
        boolean stopped = false;
        for (int i = 0; i < phases.size(); i++) {
            MigrationPhase p = phases.get(i);
            if (stopped) {
                timeline.phase(new Timeline.Phase(p.name(), p.kind().id(), null, null, null, failure != null ? "not run (stopped in an earlier phase)"
                        : "not run (the scenario ended first)", p.name()));
                continue;
            }
            long start = clock.nanoTime(), end = start + plannedNanos.get(i);
            current = p.name();
            currentStart = start;
            users.slot(slots.indexOf(p.name()));
            String status = "completed";
            try {
                if (p.kind().mode != null && p.kind().mode != router.mode()) {
                    synchronized (switches) {
                        switches.add(new SwitchAt(p.name(), seconds(clock.nanoTime()), router.switchTo(p.kind().mode)));
                    }
                }
                switch (p.kind()) {
                    case BACKFILL -> {
                        backfillResult = backfill.run(end);
                        if (!backfillResult.complete()) status = "completed (backfill not finished in its window)";
                    }
                    case VERIFY -> afterVerify = Verifier.compare(router, "after verify", 1000);
                    case COMMAND -> {
                        CommandRunner.Result r = CommandRunner.run(p.command(), p.timeout().toNanos(), clock, mark -> mark(p, mark));
                        synchronized (commands) {
                            commands.put(p.name(), r);
                        }
                        if (r.error() != null) status = "failed: " + r.error();
                        else if (r.timedOut()) status = "failed: the command was still running at its timeout of " + p.timeout().toSeconds() + " s and was killed";
                        else if (r.exitCode() != 0) status = "failed: the command exited with " + r.exitCode();
                    }
                    default -> { }
                }
                clock.sleepUntil(end);
            } catch (InterruptedException e) {
                status = "cut short (the scenario ended)";
                stopped = true;
            } catch (Exception e) {
                failure = "phase '" + p.name() + "': " + MigrationErrors.describe(e) + "; the router stayed in mode " + router.mode();
                status = "failed: " + MigrationErrors.describe(e);
                stopped = true;
            }
            timeline.phase(new Timeline.Phase(p.name(), p.kind().id(), router.mode().name().toLowerCase(java.util.Locale.ROOT),
                    seconds(start), seconds(clock.nanoTime()), status, p.name()));
            current = null;
        }
    }

    private void mark(MigrationPhase p, String mark) {
        boolean declared = p.marks().contains(mark);
        if (declared) users.slot(slots.indexOf(p.markSlot(mark)));
        timeline.mark(new Timeline.Mark(p.name(), mark, seconds(clock.nanoTime()), declared));
    }

    private double seconds(long nanos) { return (nanos - zeroNanos) / 1e9; }

    Timeline timeline() { return timeline; }

    /** A mode switch and the phase that made it, at seconds since the scenario started. */
    record SwitchAt(String phase, double atS, StoreRouter.Switch change) {
    }

    List<SwitchAt> switches() {
        synchronized (switches) {
            return List.copyOf(switches);
        }
    }

    Map<String, CommandRunner.Result> commands() {
        synchronized (commands) {
            return Map.copyOf(commands);
        }
    }

    Backfill.Result backfillResult() { return backfillResult; }

    Verifier.Consistency afterVerify() { return afterVerify; }

    /** Why the walk stopped early, or null. */
    String failure() { return failure; }
}
