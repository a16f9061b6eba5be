package dev.stampede.core.engine;

import dev.stampede.core.api.Operation;
import dev.stampede.core.api.OperationContext;
import dev.stampede.core.api.Outcome;
import dev.stampede.core.metrics.MetricsCollector;
import dev.stampede.core.workload.WeightedWorkload;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class AttemptRunnerTest {
    @Test
    void anAbandonedAttemptThatReturnsLaterIsNotCountedTwice() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicLong calls = new AtomicLong();
        Operation stuck = new Operation() {
            @Override public String name() { return "stuck"; }
            @Override public Outcome call(OperationContext c) throws InterruptedException {
                calls.incrementAndGet();
                started.countDown();
                release.await();
                return Outcome.OK;
            }
        };
        AttemptRunner runner = new AttemptRunner(NanoClock.SYSTEM,
                new WeightedWorkload("w", List.of(new WeightedWorkload.Entry(stuck, 1))));
        MetricsCollector metrics = new MetricsCollector(List.of("stuck"));
        OperationContext ctx = new OperationContext(new SplittableRandom(1), NanoClock.SYSTEM);
        long t = System.nanoTime();
        Thread worker = Thread.ofPlatform().start(() -> runner.run(ctx, metrics, t, t));
        started.await();
        assertThat(runner.abandon(ctx, metrics)).isTrue();
        assertThat(runner.abandon(ctx, metrics)).isFalse(); // once only
        release.countDown();
        worker.join();
        metrics.tick(1, "steady", 1);
        var all = metrics.summarize(1).all();
        assertThat(all.attempts()).isEqualTo(calls.get()).isEqualTo(1);
        assertThat(all.unknown()).isEqualTo(1);
        assertThat(all.ok()).isZero();
    }

    @Test
    void anAsyncAttemptCompletedOnAnotherThreadAfterItWasAbandonedIsCountedOnceAndContinuesNothing() throws Exception {
        java.util.concurrent.atomic.AtomicReference<dev.stampede.core.api.Completion> held = new java.util.concurrent.atomic.AtomicReference<>();
        dev.stampede.core.api.AsyncOperation op = new dev.stampede.core.api.AsyncOperation() {
            @Override public String name() { return "async"; }
            @Override public void start(OperationContext c, dev.stampede.core.api.Completion done) { held.set(done); }
        };
        AttemptRunner runner = new AttemptRunner(NanoClock.SYSTEM, new WeightedWorkload("w", List.of(new WeightedWorkload.Entry(op, 1))));
        assertThat(runner.allAsync()).isTrue();
        MetricsCollector metrics = new MetricsCollector(List.of("async"));
        OperationContext ctx = new OperationContext(new SplittableRandom(1), NanoClock.SYSTEM, 3);
        AtomicLong continued = new AtomicLong();
        long t = System.nanoTime();
        int index = runner.begin(ctx, t);
        AsyncAttempt attempt = new AsyncAttempt(runner, metrics, ctx, index, t, t, a -> continued.incrementAndGet());
        assertThat(attempt.start(runner.async(index))).isFalse(); // pending: the completion will continue
        assertThat(runner.abandon(ctx, metrics)).isTrue();
        Thread other = Thread.ofPlatform().start(() -> {
            held.get().complete(Outcome.OK);
            held.get().complete(Outcome.OK);
        });
        other.join();
        assertThat(continued.get()).isEqualTo(1); // the user is told once (it then sees the phase closed)
        metrics.tick(1, "steady", 1);
        var all = metrics.summarize(1).all();
        assertThat(all.attempts()).isEqualTo(1);
        assertThat(all.unknown()).isEqualTo(1);
        assertThat(all.ok()).isZero();
        assertThat(ctx.user()).isEqualTo(3);
    }
}
