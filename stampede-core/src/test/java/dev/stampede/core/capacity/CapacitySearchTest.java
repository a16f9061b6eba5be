package dev.stampede.core.capacity;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The search driven by a simulated target: no servers, every path. */
class CapacitySearchTest {
    static final CapacitySettings S = new CapacitySettings(100.0, 1.0, 10, 10_000, 5, Duration.ofSeconds(10), Duration.ofSeconds(2), 2);

    static ProbeResult result(double rate, double p99, boolean rising, boolean extended) {
        return new ProbeResult(rate, 10, extended, (long) (rate * 10), 0, rate, p99 / 2, p99 * 0.9, p99, p99 * 1.2, 0, 0.1, 0, p99,
                0, null, new LatencyTrend.Result(1, rising ? 10 : 1, rising), false);
    }

    /** A target that keeps p99 at 10 ms up to {@code capacity}, and 1 s above. */
    static DoubleFunction<ProbeResult> target(double capacity) {
        return rate -> result(rate, rate <= capacity ? 10 : 1000, false, false);
    }

    static List<Double> drive(CapacitySearch search, DoubleFunction<ProbeResult> target) {
        ProbeJudge judge = new ProbeJudge(S);
        List<Double> rates = new ArrayList<>();
        for (int i = 0; i < 100 && search.next().isPresent(); i++) {
            CapacitySearch.Probe p = search.next().get();
            rates.add(p.rate());
            ProbeResult r = target.apply(p.rate());
            if (p.extended()) r = result(p.rate(), r.p99Ms(), r.trend().rising(), true);
            search.record(r, judge.judge(r));
        }
        assertThat(search.next()).as("the search ends").isEmpty();
        return rates;
    }

    @Test
    void bracketsByDoublingThenBisectsOnALogScaleToThePrecisionAndConfirms() {
        CapacitySearch s = new CapacitySearch(S);
        List<Double> rates = drive(s, target(300));
        assertThat(rates.subList(0, 7)).containsExactly(10.0, 20.0, 40.0, 80.0, 160.0, 320.0, Math.sqrt(160 * 320.0));
        CapacityOutcome o = s.outcome();
        assertThat(o.status()).isEqualTo(CapacitySearch.Status.FOUND);
        assertThat(o.sustainableRate()).isLessThanOrEqualTo(300).isGreaterThan(300 / 1.05);
        assertThat(o.bracketHigh() / o.bracketLow()).isLessThanOrEqualTo(1.05 + 1e-9);
        assertThat(o.firstFailingRate()).isEqualTo(o.bracketHigh()).isGreaterThan(300);
        assertThat(o.reason()).isEqualTo("p99");
        assertThat(o.confirmed()).isTrue();
        // the last two probes confirm the answer
        List<CapacitySearch.Step> steps = o.steps();
        assertThat(steps.get(steps.size() - 1).purpose()).isEqualTo(CapacitySearch.Purpose.CONFIRM);
        assertThat(steps.get(steps.size() - 2).purpose()).isEqualTo(CapacitySearch.Purpose.CONFIRM);
        assertThat(steps.get(steps.size() - 1).result().rate()).isEqualTo(o.sustainableRate());
        assertThat(rates.size()).isLessThanOrEqualTo(S.maxProbes());
    }

    @Test
    void aFailedConfirmationMovesTheAnswerDown() {
        CapacitySearch s = new CapacitySearch(S);
        int[] calls = {0};
        double[] answer = {0};
        // 300 capacity, but the first confirmation at the answer fails once (a noisy target)
        drive(s, rate -> {
            calls[0]++;
            boolean flaky = answer[0] == 0 && rate > 280 && rate <= 300 && calls[0] > 10;
            if (flaky) answer[0] = rate;
            return result(rate, rate <= 300 && !flaky ? 10 : 1000, false, false);
        });
        CapacityOutcome o = s.outcome();
        assertThat(o.status()).isEqualTo(CapacitySearch.Status.FOUND);
        assertThat(o.sustainableRate()).isLessThan(answer[0]);
        assertThat(o.bracketHigh()).isLessThanOrEqualTo(answer[0]);
    }

    @Test
    void passingAtTheCeilingSaysAtLeast() {
        CapacitySettings low = new CapacitySettings(100.0, null, 10, 50, 5, Duration.ofSeconds(10), Duration.ZERO, 2);
        CapacitySearch s = new CapacitySearch(low);
        List<Double> rates = drive(s, target(1e9));
        assertThat(rates).containsExactly(10.0, 20.0, 40.0, 50.0);
        CapacityOutcome o = s.outcome();
        assertThat(o.status()).isEqualTo(CapacitySearch.Status.AT_CEILING);
        assertThat(o.sustainableRate()).isEqualTo(50.0);
        assertThat(o.summary()).contains("at least 50").contains("max_rate");
    }

    @Test
    void aFailingStartRateStepsDownThenBisects() {
        CapacitySearch s = new CapacitySearch(S);
        List<Double> rates = drive(s, target(3));
        assertThat(rates.subList(0, 4)).containsExactly(10.0, 5.0, 2.5, Math.sqrt(2.5 * 5));
        CapacityOutcome o = s.outcome();
        assertThat(o.status()).isEqualTo(CapacitySearch.Status.FOUND);
        assertThat(o.sustainableRate()).isLessThanOrEqualTo(3).isGreaterThan(3 / 1.05);
    }

    @Test
    void nothingSustainedWhenEveryStepDownFails() {
        CapacitySearch s = new CapacitySearch(S);
        List<Double> rates = drive(s, target(0.01));
        assertThat(rates).containsExactly(10.0, 5.0, 2.5, 1.25, 0.625);
        CapacityOutcome o = s.outcome();
        assertThat(o.status()).isEqualTo(CapacitySearch.Status.NONE_SUSTAINED);
        assertThat(o.sustainableRate()).isNull();
        assertThat(o.firstFailingRate()).isEqualTo(0.625);
    }

    @Test
    void aRisingProbeIsExtendedOnceAndFailsAsUnstableWhenItKeepsRising() {
        CapacitySearch s = new CapacitySearch(S);
        // p99 within target everywhere, but from 80/s the latency keeps rising
        drive(s, rate -> result(rate, 10, rate >= 80, false));
        CapacityOutcome o = s.outcome();
        List<CapacitySearch.Step> steps = o.steps();
        assertThat(steps.get(3).verdict().kind()).isEqualTo(ProbeVerdict.Kind.RISING);
        assertThat(steps.get(4).purpose()).isEqualTo(CapacitySearch.Purpose.EXTEND);
        assertThat(steps.get(4).result().rate()).isEqualTo(80.0);
        assertThat(steps.get(4).verdict().reason()).isEqualTo(ProbeVerdict.Reason.UNSTABLE);
        assertThat(o.reason()).isEqualTo("unstable");
        assertThat(o.sustainableRate()).isLessThan(80).isGreaterThanOrEqualTo(40);
    }

    @Test
    void theExtendedProbeIsTwiceAsLong() {
        CapacitySearch s = new CapacitySearch(S);
        s.record(result(10, 10, true, false), new ProbeJudge(S).judge(result(10, 10, true, false)));
        CapacitySearch.Probe next = s.next().orElseThrow();
        assertThat(next.extended()).isTrue();
        assertThat(next.duration()).isEqualTo(Duration.ofSeconds(20));
        assertThat(next.rate()).isEqualTo(10.0);
    }

    @Test
    void aGeneratorBoundProbeEndsTheSearchAsInconclusiveWithoutAFigure() {
        CapacitySearch s = new CapacitySearch(S);
        drive(s, rate -> rate < 40 ? result(rate, 10, false, false)
                : new ProbeResult(rate, 10, false, 300, 0, 30, 200, 400, 500, 600, 100, 480, 0, 12, 0, null, LatencyTrend.Result.FLAT, false));
        CapacityOutcome o = s.outcome();
        assertThat(o.status()).isEqualTo(CapacitySearch.Status.INCONCLUSIVE_GENERATOR);
        assertThat(o.sustainableRate()).isNull();
        assertThat(o.summary()).startsWith("inconclusive: the generator is the bottleneck at 40.0/s").contains("sustained 20.0/s");
        assertThat(o.reason()).isEqualTo("generator-bound");
    }

    @Test
    void maxProbesBoundsEveryPath() {
        assertThat(S.maxProbes()).isGreaterThan(20).isLessThan(200);
        assertThat(S.worstCase()).isEqualTo(Duration.ofSeconds(22).multipliedBy(S.maxProbes()));
        assertThat(Math.sqrt(160 * 320.0)).isCloseTo(226.27, within(0.01));
    }
}
