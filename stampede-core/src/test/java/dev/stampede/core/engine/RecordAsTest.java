package dev.stampede.core.engine;

import dev.stampede.core.api.Operation;
import dev.stampede.core.api.OperationContext;
import dev.stampede.core.api.Outcome;
import dev.stampede.core.api.Workload;
import dev.stampede.core.metrics.MetricsCollector;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** An operation may re-file its attempt under another operation of its workload; each attempt is counted once. */
class RecordAsTest {
    @Test
    void attemptsAreRecordedUnderTheOperationTheyChoseWhileRunning() {
        int[] calls = {0};
        Operation read = new Operation() {
            @Override public String name() { return "hit"; }
            @Override public Outcome call(OperationContext c) {
                if (calls[0]++ % 4 == 0) c.recordAs(1);   // every fourth read "misses"
                return Outcome.OK;
            }
        };
        Operation miss = new Operation() {
            @Override public String name() { return "miss"; }
            @Override public Outcome call(OperationContext c) { throw new AssertionError("never picked"); }
        };
        Workload w = new Workload() {
            @Override public String name() { return "cache"; }
            @Override public List<Operation> operations() { return List.of(read, miss); }
            @Override public int pick(SplittableRandom random) { return 0; }
        };
        AttemptRunner runner = new AttemptRunner(NanoClock.SYSTEM, w);
        MetricsCollector metrics = new MetricsCollector(List.of("hit", "miss"));
        OperationContext ctx = new OperationContext(new SplittableRandom(1), NanoClock.SYSTEM);
        for (int i = 0; i < 100; i++) {
            long t = System.nanoTime();
            runner.run(ctx, metrics, t, t);
        }
        metrics.tick(1, "steady", 1);
        var s = metrics.summarize(1);
        assertThat(s.operations().get(0).attempts()).isEqualTo(75);
        assertThat(s.operations().get(1).attempts()).isEqualTo(25);
        assertThat(s.all().attempts()).isEqualTo(calls[0]).isEqualTo(100);
        ctx.beginAttempt();
        assertThat(ctx.recordedAs(0)).isZero();   // reset between attempts
    }
}
