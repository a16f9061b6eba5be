package dev.stampede.core.capacity;

import dev.stampede.core.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProbeJudgeTest {
    static final CapacitySettings S = new CapacitySettings(100.0, 1.0, 10, 1000, 5, Duration.ofSeconds(10), Duration.ofSeconds(2), 2);
    static final ProbeJudge JUDGE = new ProbeJudge(S);

    static ProbeResult r(double p99, long errors, long pool, long dropped, double startLag, double acquire, double exec, String cpu) {
        return new ProbeResult(50, 10, false, 500, errors, 50, p99 / 2, p99, p99, p99, dropped, startLag, acquire, exec, pool, cpu,
                LatencyTrend.Result.FLAT, false);
    }

    @Test
    void withinTargetsPasses() {
        assertThat(JUDGE.judge(r(50, 0, 0, 0, 0.1, 1, 40, null)).kind()).isEqualTo(ProbeVerdict.Kind.PASS);
    }

    @Test
    void p99OverTheTargetOnTheTargetsSideFails() {
        ProbeVerdict v = JUDGE.judge(r(300, 0, 0, 0, 0.1, 0, 290, null));
        assertThat(v.reason()).isEqualTo(ProbeVerdict.Reason.P99);
        assertThat(v.detail()).contains("p99 300.0 ms over the 100 ms target");
    }

    @Test
    void poolWaitMakingUpTheP99IsPoolExhaustion() {
        assertThat(JUDGE.judge(r(300, 0, 0, 0, 0.1, 200, 90, null)).reason()).isEqualTo(ProbeVerdict.Reason.POOL_EXHAUSTION);
        assertThat(JUDGE.judge(r(50, 20, 15, 0, 0.1, 1, 40, null)).reason()).isEqualTo(ProbeVerdict.Reason.POOL_EXHAUSTION);
        assertThat(JUDGE.judge(r(50, 20, 0, 0, 0.1, 1, 40, null)).reason()).isEqualTo(ProbeVerdict.Reason.ERRORS);
    }

    @Test
    void timeLostBeforeTheAttemptsStartedIsTheGenerators() {
        ProbeVerdict v = JUDGE.judge(r(400, 0, 0, 30, 380, 0, 20, null));
        assertThat(v.kind()).isEqualTo(ProbeVerdict.Kind.GENERATOR_BOUND);
        assertThat(v.detail()).contains("in-flight limit is too small");
    }

    @Test
    void aSaturatedGeneratorCpuIsTheGeneratorsWhateverTheLatency() {
        assertThat(JUDGE.judge(r(50, 0, 0, 0, 0.1, 1, 40, "the load generator's own CPU was saturated")).kind())
                .isEqualTo(ProbeVerdict.Kind.GENERATOR_BOUND);
    }

    @Test
    void droppedArrivalsWithASlowTargetFail() {
        CapacitySettings errorsOnly = new CapacitySettings(null, 1.0, 10, 1000, 5, Duration.ofSeconds(10), Duration.ZERO, 0);
        ProbeVerdict v = new ProbeJudge(errorsOnly).judge(r(3000, 0, 0, 100, 2000, 0, 900, null));
        assertThat(v.reason()).isEqualTo(ProbeVerdict.Reason.DROPPED_ARRIVALS);
    }

    @Test
    void badSettingsAreRefusedWithTheFix() {
        assertThatThrownBy(() -> new CapacitySettings(null, null, 10, 100, 5, Duration.ofSeconds(30), Duration.ZERO, 2))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--p99-target").hasMessageContaining("every rate would pass");
        assertThatThrownBy(() -> new CapacitySettings(100.0, null, 100, 50, 5, Duration.ofSeconds(30), Duration.ZERO, 2))
                .isInstanceOf(ConfigException.class).hasMessageContaining("max_rate (50/s) is below capacity.start_rate (100/s)");
        assertThatThrownBy(() -> new CapacitySettings(100.0, null, 100, 500, 5, Duration.ofSeconds(1), Duration.ZERO, 2))
                .isInstanceOf(ConfigException.class).hasMessageContaining("at least 3 s to reach a steady state");
        assertThatThrownBy(() -> new CapacitySettings(100.0, null, 10, 500, 5, Duration.ofSeconds(5), Duration.ZERO, 2))
                .isInstanceOf(ConfigException.class).hasMessageContaining("50 arrivals").hasMessageContaining("lengthen probe_seconds to 10");
    }
}
