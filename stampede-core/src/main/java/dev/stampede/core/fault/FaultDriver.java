package dev.stampede.core.fault;

import dev.stampede.core.engine.NanoClock;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Applies a scenario's fault windows on the engine's clock: each window's fault is added to its target's
 * {@link FaultInjector} at the window's start and removed at its end, in time order (an end before a start at the same
 * instant). It records when each change actually took effect, the ground truth the report draws on every series
 * and the checks measure against. Whatever happens, {@link #run} ends with every fault it added removed.
 *
 * <p>Thread-safety: {@link #tick} and {@link #run} belong to one thread (the driver's); {@link #events()} may be read
 * by another after {@link #run} returned.
 */
public final class FaultDriver implements Runnable {

    /**
     * One change that took effect.
     *
     * @param window      the window it belongs to
     * @param start       true for the fault's start, false for its end
     * @param plannedNanos when the change was due, on the engine clock
     * @param appliedNanos on the engine clock: for a start, when the injector was asked to apply it (the fault
     *                     takes hold at some moment during that call, a proxy resetting connections as it goes); for
     *                     an end, when the injector had lifted it. So {@code [start, end]} covers every moment the
     *                     fault may have been in force, and no failure it caused falls before the window
     */
    public record Event(FaultWindow window, boolean start, long plannedNanos, long appliedNanos) {
    }

    private record Transition(long at, FaultWindow window, boolean start) {
    }

    private final NanoClock clock;
    private final Map<String, FaultInjector> injectors;
    private final List<Transition> transitions = new ArrayList<>();
    private final List<FaultWindow> inForce = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();
    private final Map<FaultWindow, String> failures = new java.util.IdentityHashMap<>();
    private int next;

    /**
     * @param windows    the scenario's windows
     * @param injectors  by target section; every window's target must be present
     * @param startNanos the measured phase's start on {@code clock}
     * @throws IllegalArgumentException when a window names a target without an injector
     */
    public FaultDriver(List<FaultWindow> windows, Map<String, FaultInjector> injectors, NanoClock clock, long startNanos) {
        this.clock = clock;
        this.injectors = Map.copyOf(injectors);
        for (FaultWindow w : windows) {
            if (!injectors.containsKey(w.target())) throw new IllegalArgumentException("no fault injector for target " + w.target());
            transitions.add(new Transition(startNanos + w.at().toNanos(), w, true));
            transitions.add(new Transition(startNanos + w.end().toNanos(), w, false));
        }
        transitions.sort(Comparator.comparingLong(Transition::at).thenComparing(t -> t.start));
    }

    /** When the next change is due, or {@link Long#MAX_VALUE} when none is left. */
    public long nextDue() {
        return next < transitions.size() ? transitions.get(next).at : Long.MAX_VALUE;
    }

    /** Applies every change due by {@code now}, in order. */
    public void tick(long now) throws InterruptedException {
        while (next < transitions.size() && transitions.get(next).at <= now) {
            Transition t = transitions.get(next++);
            FaultInjector inj = injectors.get(t.window.target());
            long asked = clock.nanoTime();
            if (t.start) {
                try {
                    inj.add(t.window.fault());
                } catch (RuntimeException e) {
                    // the run goes on without this fault; the report says why (a server refusing, a tool failing)
                    failures.put(t.window, "could not be applied: " + e.getMessage());
                    continue;
                }
                inForce.add(t.window);
            } else {
                if (failures.containsKey(t.window)) continue;
                inForce.remove(t.window);
                try {
                    inj.remove(t.window.fault());
                } catch (RuntimeException e) {
                    failures.put(t.window, "could not be lifted: " + e.getMessage());
                }
            }
            events.add(new Event(t.window, t.start, t.at, t.start ? asked : clock.nanoTime()));
        }
    }

    /** Sleeps to each change and applies it, until none is left or the thread is interrupted; then lifts what is in force. */
    @Override
    public void run() {
        try {
            while (nextDue() != Long.MAX_VALUE) {
                clock.sleepUntil(nextDue());
                tick(clock.nanoTime());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            liftAll();
        }
    }

    /** Removes every fault still in force (the run stopped early), recording each as ended now. */
    public void liftAll() {
        boolean interrupted = Thread.interrupted();
        for (FaultWindow w : List.copyOf(inForce)) {
            try {
                injectors.get(w.target()).remove(w.fault());
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (RuntimeException e) {
                failures.put(w, "could not be lifted: " + e.getMessage());
            }
            inForce.remove(w);
            long now = clock.nanoTime();
            events.add(new Event(w, false, now, now));
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /**
     * Why {@code window} could not be applied ("could not be applied: ...", no events then) or lifted ("could not be
     * lifted: ...", its end event still recorded), or null; read after {@link #run} returned.
     */
    public String failure(FaultWindow window) {
        return failures.get(window);
    }

    /** The changes that took effect, in order. */
    public List<Event> events() {
        return List.copyOf(events);
    }
}
