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
}
