package dev.stampede.core.fault;

/**
 * Something that can put a {@link Fault} in force on one target and take it away again: the {@link FaultProxy} in
 * front of it, or a target's own server-side faults. Both calls return once the change is in force.
 * Implementations are thread-safe.
 */
public interface FaultInjector {

    /** Puts {@code fault} in force. */
    void add(Fault fault) throws InterruptedException;

    /** Ends {@code fault} (an equal instance); no effect when it is not in force. */
    void remove(Fault fault) throws InterruptedException;

    /**
     * Why {@code fault} cannot be applied here (a server-side kind this server does not allow, a bad setting), or
     * null when it can; asked before the run starts, so a scenario fails with a clear message instead of mid-way.
     */
    default String cannotApply(Fault fault) { return null; }
}
