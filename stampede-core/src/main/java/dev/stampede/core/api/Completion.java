package dev.stampede.core.api;

/**
 * Ends one attempt of an {@link AsyncOperation}. The engine hands one to {@link AsyncOperation#start} and times
 * the attempt up to the moment {@link #complete} is called.
 *
 * <p>Contract: call {@link #complete} exactly once per {@code start}, from any thread (typically the target
 * client's I/O thread), without holding a lock the engine could wait on. Calls after the first, and a call for an
 * attempt the engine has already counted (cut off or abandoned at a phase's end), are ignored, so a late reply
 * is never counted twice. Implementations must not block: the caller may be an event loop.
 */
@FunctionalInterface
public interface Completion {

    /** Ends the attempt with {@code outcome}; {@code null} counts as a workload failure (client-error). */
    void complete(Outcome outcome);
}
