package dev.stampede.core.metrics;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AttemptRecorder}: every value recorded lands in exactly one interval, even while the reader swaps
 * intervals under concurrent writers; acquire and execution are recorded only when given.
 */
class AttemptRecorderTest {

    @Test
    void eachValueLandsInExactlyOneIntervalWhileWritersRaceTheSwaps() throws Exception {
        AttemptRecorder r = new AttemptRecorder(OperationMetrics.MAX_MICROS);
        int writers = 4, perWriter = 200_000;
        AtomicBoolean done = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int id = w;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perWriter; i++) {
                    // every writer: latency always, acquire on even attempts, execution on all but every third
                    r.record(1 + (i % 1000), i % 2 == 0 ? 5 : -1, i % 3 == 0 ? -1 : 7 + id);
                }
            }));
        }
        Histogram latency = new Histogram(1, OperationMetrics.MAX_MICROS, 3);
        Histogram acquire = new Histogram(1, OperationMetrics.MAX_MICROS, 3);
        Histogram execution = new Histogram(1, OperationMetrics.MAX_MICROS, 3);
        Thread reader = Thread.ofPlatform().start(() -> {
            while (!done.get()) {
                AttemptRecorder.Interval ended = r.swap();
                latency.add(ended.latency());
                acquire.add(ended.acquire());
                execution.add(ended.execution());
            }
        });
        for (Thread t : threads) t.join();
        done.set(true);
        reader.join();
        AttemptRecorder.Interval last = r.swap();
        latency.add(last.latency());
        acquire.add(last.acquire());
        execution.add(last.execution());

        long total = (long) writers * perWriter;
        assertThat(latency.getTotalCount()).isEqualTo(total);
        assertThat(acquire.getTotalCount()).isEqualTo(writers * (long) ((perWriter + 1) / 2));
        long withExecution = perWriter - (perWriter + 2) / 3;
        assertThat(execution.getTotalCount()).isEqualTo(writers * withExecution);
        assertThat(acquire.getMaxValue()).isEqualTo(5);
        assertThat(latency.getMaxValue()).isBetween(1000L, 1001L);
    }

    @Test
    void aSwapStartsAnEmptyIntervalAndKeepsTheEndedOneReadable() {
        AttemptRecorder r = new AttemptRecorder(OperationMetrics.MAX_MICROS);
        r.record(100, -1, 90);
        AttemptRecorder.Interval first = r.swap();
        r.record(200, 10, -1);
        assertThat(first.latency().getTotalCount()).isEqualTo(1);
        assertThat(first.acquire().getTotalCount()).isZero();
        assertThat(first.execution().getTotalCount()).isEqualTo(1);
        AttemptRecorder.Interval second = r.swap();
        assertThat(second.latency().getTotalCount()).isEqualTo(1);
        assertThat(second.latency().getMaxValue()).isBetween(200L, 201L);
        assertThat(second.acquire().getTotalCount()).isEqualTo(1);
        assertThat(second.execution().getTotalCount()).isZero();
        assertThat(r.swap().latency().getTotalCount()).isZero();
    }
}
