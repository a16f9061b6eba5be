package dev.stampede.core.api;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An {@link Operation} that does not hold a thread while it waits for the target: {@link #start} sends the
 * request and returns at once; the target client's I/O thread ends the attempt through the {@link Completion}
 * when the reply is in. An engine that knows this interface drives thousands of virtual users from a handful of
 * threads and records each attempt on the thread that completes it, with no hand-off between threads per
 * operation; an engine or caller that does not still gets a correct blocking {@link #call}.
 *
 * <p>Thread-safety: as for {@link Operation}, one instance serves every user at once; per-user state lives in
 * the {@link OperationContext}. Between {@code start} and the completion the context belongs to this attempt:
 * the operation may call {@link OperationContext#markAcquired()}, {@link OperationContext#addRetry()} and
 * {@link OperationContext#recordAs(int)} from the completing thread, before it calls
 * {@link Completion#complete}.
 *
 * <p>Timing contract: the attempt's latency runs from its intended start to the {@code complete} call, so the
 * completion is signalled as soon as the reply is decoded, before any work the operation does afterwards.
 * Timeouts are the operation's job (a command timeout of the client); the engine's phase-end grace cuts off what
 * never completes and counts it once as unknown.
 */
public interface AsyncOperation extends Operation {

    /**
     * Starts one attempt. Must not block on the target. An exception thrown here (not through the completion)
     * is the workload's own failure, as for {@link Operation#call}: the attempt is failed with class
     * {@code client-error} and {@code done} must then not be called.
     */
    void start(OperationContext context, Completion done);

    /**
     * The blocking form: starts the attempt and waits for its completion. Used by thread-per-user drivers; an
     * interrupt (a stop) leaves the attempt's outcome unknown.
     */
    @Override
    default Outcome call(OperationContext context) throws InterruptedException {
        CountDownLatch ended = new CountDownLatch(1);
        AtomicReference<Outcome> result = new AtomicReference<>();
        start(context, outcome -> {
            if (result.compareAndSet(null, outcome == null
                    ? Outcome.failed(ErrorClass.CLIENT_ERROR, "operation completed with no outcome") : outcome)) {
                ended.countDown();
            }
        });
        ended.await();
        return result.get();
    }
}
