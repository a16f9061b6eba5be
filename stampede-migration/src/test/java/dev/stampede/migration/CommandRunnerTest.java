package dev.stampede.migration;

import dev.stampede.core.engine.NanoClock;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class CommandRunnerTest {

    @Test
    void marksAreLinesThatNameAPhase() {
        assertThat(CommandRunner.mark("STAMPEDE-PHASE: copy-tables")).isEqualTo("copy-tables");
        assertThat(CommandRunner.mark("  STAMPEDE-PHASE:switch reads  ")).isEqualTo("switch reads");
        assertThat(CommandRunner.mark("echo STAMPEDE-PHASE: x")).isNull();
        assertThat(CommandRunner.mark("STAMPEDE-PHASE:")).isNull();
    }

    @Test
    void aRealCommandsMarksAndExitCodeAreSeen() throws Exception {
        List<String> marks = new ArrayList<>();
        CommandRunner.Result r = CommandRunner.run(List.of("sh", "-c", "echo STAMPEDE-PHASE: one; echo hello; echo STAMPEDE-PHASE: two; exit 3"),
                TimeUnit.SECONDS.toNanos(20), NanoClock.SYSTEM, marks::add);
        assertThat(marks).containsExactly("one", "two");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.timedOut()).isFalse();
        assertThat(r.lastLines()).contains("hello");
    }

    @Test
    void aHangingCommandIsKilledAtItsTimeout() throws Exception {
        long t0 = System.nanoTime();
        CommandRunner.Result r = CommandRunner.run(List.of("sh", "-c", "echo STAMPEDE-PHASE: waiting; sleep 60"),
                TimeUnit.MILLISECONDS.toNanos(500), NanoClock.SYSTEM, m -> { });
        assertThat(r.timedOut()).isTrue();
        assertThat(r.exitCode()).isNull();
        assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(10));
    }

    @Test
    void aCommandThatCannotStartSaysWhy() throws Exception {
        CommandRunner.Result r = CommandRunner.run(List.of("/nonexistent/stampede-migrate"), TimeUnit.SECONDS.toNanos(5), NanoClock.SYSTEM, m -> { });
        assertThat(r.error()).contains("could not start /nonexistent/stampede-migrate");
    }
}
