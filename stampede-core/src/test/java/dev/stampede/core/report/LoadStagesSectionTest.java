package dev.stampede.core.report;

import dev.stampede.core.engine.ArrivalProcess;
import dev.stampede.core.engine.LoadModel;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.Stages;
import dev.stampede.core.metrics.IntervalRow;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Planned against achieved per stage, from a hand-made per-second series. */
class LoadStagesSectionTest {

    private static IntervalRow row(double second, String op, long ok) {
        return new IntervalRow(second, "steady", op, ok, 0, 0, ok, 1, 1, 1, 1, 1, 0);
    }

    @Test
    void eachStageShowsItsMeanTargetAndTheAttemptsPerSecondInItsSeconds() {
        Stages st = new Stages(0, List.of(new Stages.Stage(Duration.ofSeconds(2), 100), new Stages.Stage(Duration.ofSeconds(2), 100),
                new Stages.Stage(Duration.ofSeconds(2), 0)));
        PhasePlan p = new PhasePlan("steady", LoadModel.Open.ramping(st, ArrivalProcess.CONSTANT, 8), st.total(), 0, true);
        List<IntervalRow> series = new ArrayList<>();
        long[] perSecond = {25, 75, 100, 60, 75, 25}; // the second 4 fell behind
        for (int i = 0; i < perSecond.length; i++) {
            series.add(row(i + 1, "ALL", perSecond[i]));
            series.add(row(i + 1, "op", 1)); // other operations' rows are not counted
        }
        List<LoadStagesSection.Row> rows = LoadStagesSection.rows(List.of(p), series);
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).planned()).isCloseTo(50.0, within(1e-9));
        assertThat(rows.get(0).achievedPerSec()).isCloseTo(50.0, within(1e-9));
        assertThat(rows.get(1).planned()).isCloseTo(100.0, within(1e-9));
        assertThat(rows.get(1).achievedPerSec()).isCloseTo(80.0, within(1e-9));
        assertThat(rows.get(2).unit()).isEqualTo("arrivals/s");
        StringBuilder md = new StringBuilder();
        LoadStagesSection.INSTANCE.markdown(rows, md);
        assertThat(md.toString()).contains("| steady | 2 | 2.0 s - 4.0 s | 100 held | 100.00 arrivals/s | 80.00 |");
    }

    @Test
    void aStageTheRunNeverReachedSaysSoAndPhasesWithoutStagesHaveNoRows() {
        Stages st = new Stages(1, List.of(new Stages.Stage(Duration.ofSeconds(1), 4), new Stages.Stage(Duration.ofSeconds(1), 4)));
        PhasePlan p = new PhasePlan("steady", LoadModel.Closed.ramping(st, Duration.ZERO, Duration.ZERO), st.total(), 0, true);
        List<LoadStagesSection.Row> rows = LoadStagesSection.rows(List.of(p), List.of(row(1, "ALL", 10)));
        assertThat(rows.get(0).planned()).isCloseTo(2.5, within(1e-9));
        assertThat(rows.get(1).achievedPerSec()).isNull();
        StringBuilder md = new StringBuilder();
        LoadStagesSection.INSTANCE.markdown(rows, md);
        assertThat(md.toString()).contains("not reached").contains("1 -> 4");
        PhasePlan plain = new PhasePlan("steady", new LoadModel.Closed(2, Duration.ZERO, Duration.ZERO), Duration.ofSeconds(2), 0, true);
        assertThat(LoadStagesSection.rows(List.of(plain), List.of())).isEmpty();
    }
}
