package dev.stampede.redis.workload;

import dev.stampede.core.api.Outcome;
import dev.stampede.redis.RedisErrors;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.protocol.AsyncCommand;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for dispatched commands and turns their failure into an outcome. Stateless. */
final class Await {
    private Await() {
    }

    /** The command's result; throws {@link Failed} carrying the outcome when it failed. */
    static <T> T result(AsyncCommand<String, String, T> c, Duration timeout) throws InterruptedException, Failed {
        try {
            return c.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new Failed(RedisErrors.outcome(e.getCause()));
        } catch (TimeoutException e) {
            c.cancel(true);
            throw new Failed(RedisErrors.outcome(new RedisCommandTimeoutException("no reply within " + timeout.toMillis() + " ms")));
        }
    }

    /** A failed command's outcome, as an exception to leave the attempt early. */
    static final class Failed extends Exception {
        final transient Outcome outcome;

        Failed(Outcome outcome) {
            super(outcome.message(), null, false, false);
            this.outcome = outcome;
        }
    }
}
