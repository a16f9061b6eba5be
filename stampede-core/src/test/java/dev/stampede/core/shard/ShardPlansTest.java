package dev.stampede.core.shard;

import dev.stampede.core.config.ConfigException;
import dev.stampede.core.engine.ArrivalProcess;
import dev.stampede.core.engine.ArrivalSchedule;
import dev.stampede.core.engine.LoadModel;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.Stages;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The split arithmetic: N shards' shares add up to the plan. */
class ShardPlansTest {
    private static final Instant T = Instant.parse("2030-01-01T00:00:00Z");

    private static Shard shard(int i, int n) {
        return new Shard(i, n, T);
    }

    private static PhasePlan phase(LoadModel m) {
        return new PhasePlan("steady", m, Duration.ofSeconds(10), 0, true);
    }

    /** Every arrival of the first {@code seconds} of {@code m}, on a schedule started at 0. */
    private static List<Long> arrivals(LoadModel.Open m, long seed, double seconds) {
        ArrivalSchedule s = new ArrivalSchedule(0, m.ratePerSecond(), m.arrivals(), seed, 0, m.rateStages(), m.arrivalPhase());
        List<Long> out = new ArrayList<>();
        for (long t = s.next(); t < seconds * 1e9; t = s.next()) out.add(t);
        return out;
    }

    @Test
    void constantArrivalsOfTheShardsInterleaveIntoThePlannedProcess() {
        LoadModel.Open plan = new LoadModel.Open(300, ArrivalProcess.CONSTANT, 12);
        List<Long> whole = arrivals(plan, 1, 10);
        List<Long> sharded = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            LoadModel.Open mine = (LoadModel.Open) ShardPlans.split("s", phase(plan), shard(i, 4)).model();
            assertThat(mine.ratePerSecond()).isEqualTo(75.0);
            assertThat(mine.arrivalPhase()).isEqualTo(i / 4.0);
            sharded.addAll(arrivals(mine, 1, 10));
        }
        sharded.sort(null);
        assertThat(sharded).hasSameSizeAs(whole);
        // shard I's first arrival is I/R after the start: 0, 3.33 ms, 6.67 ms, 10 ms
        for (int k = 0; k < whole.size(); k++) assertThat((double) sharded.get(k)).isCloseTo(whole.get(k), within(2.0));
    }

    @Test
    void aRampingConstantRateIsSplitSoThatTheShardsStillInterleave() {
        Stages stages = new Stages(10, List.of(new Stages.Stage(Duration.ofSeconds(5), 200), new Stages.Stage(Duration.ofSeconds(5), 50)));
        LoadModel.Open plan = LoadModel.Open.ramping(stages, ArrivalProcess.CONSTANT, 20);
        // up to just before the end: the arrival due exactly at the last stage's end is not the phase's, and a shard's
        // fractional due count may land a rounding error either side of it
        List<Long> whole = arrivals(plan, 1, 9.999);
        List<Long> sharded = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            LoadModel.Open mine = (LoadModel.Open) ShardPlans.split("s", phase(plan), shard(i, 3)).model();
            assertThat(mine.rateStages().peak()).isCloseTo(200 / 3.0, within(1e-9));
            sharded.addAll(arrivals(mine, 1, 9.999));
        }
        sharded.sort(null);
        assertThat(sharded).hasSameSizeAs(whole);
        for (int k = 0; k < whole.size(); k++) assertThat((double) sharded.get(k)).isCloseTo(whole.get(k), within(1000.0));
    }

    @Test
    void poissonShardsRunAtRoverNAndTogetherMakeThePlannedRate() {
        LoadModel.Open plan = new LoadModel.Open(400, ArrivalProcess.POISSON, 8);
        long total = 0;
        for (int i = 0; i < 4; i++) {
            LoadModel.Open mine = (LoadModel.Open) ShardPlans.split("s", phase(plan), shard(i, 4)).model();
            assertThat(mine.ratePerSecond()).isEqualTo(100.0);
            assertThat(mine.arrivalPhase()).isZero();
            assertThat(mine.maxInFlight()).isEqualTo(2);
            total += arrivals(mine, shard(i, 4).seed(42), 50).size();
        }
        // 20,000 expected; a Poisson count's standard deviation is sqrt(20,000) = 141: 5 of them
        assertThat((double) total).isCloseTo(20_000, within(710.0));
    }

    @Test
    void shardsHaveIndependentSeedsSoPoissonShardsDoNotRepeatEachOther() {
        assertThat(shard(0, 3).seed(7)).isEqualTo(7);
        assertThat(shard(1, 3).seed(7)).isNotEqualTo(shard(2, 3).seed(7)).isNotEqualTo(7);
    }

    @Test
    void closedUsersAndInFlightSlotsAreDealtByIndex() {
        LoadModel.Closed plan = new LoadModel.Closed(10, Duration.ofSeconds(2), Duration.ofMillis(5));
        int users = 0;
        for (int i = 0; i < 4; i++) {
            LoadModel.Closed mine = (LoadModel.Closed) ShardPlans.split("s", phase(plan), shard(i, 4)).model();
            assertThat(mine.share().planUsers()).isEqualTo(10);
            assertThat(mine.rampUp()).isEqualTo(plan.rampUp());
            assertThat(mine.thinkTime()).isEqualTo(plan.thinkTime());
            users += mine.users();
        }
        assertThat(users).isEqualTo(10);
        int slots = 0;
        for (int i = 0; i < 3; i++) {
            slots += ((LoadModel.Open) ShardPlans.split("s", phase(new LoadModel.Open(50, ArrivalProcess.CONSTANT, 7)), shard(i, 3)).model())
                    .maxInFlight();
        }
        assertThat(slots).isEqualTo(7);
    }

    @Test
    void anIterationBudgetOfArrivalsIsSplitByIndex() {
        PhasePlan p = new PhasePlan("steady", new LoadModel.Open(50, ArrivalProcess.CONSTANT, 8), null, 10, true);
        long sum = 0;
        for (int i = 0; i < 4; i++) sum += ShardPlans.split("s", p, shard(i, 4)).iterations();
        assertThat(sum).isEqualTo(10);
        assertThat(ShardPlans.split("s", p, shard(1, 4)).iterations()).isEqualTo(3);
        assertThat(ShardPlans.split("s", p, shard(3, 4)).iterations()).isEqualTo(2);
    }

    @Test
    void aShareThatWouldBeEmptyIsRefusedNamingThePhaseAndTheFix() {
        assertThatThrownBy(() -> ShardPlans.split("quick", phase(new LoadModel.Closed(3, Duration.ZERO, Duration.ZERO)), shard(3, 4)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("scenario 'quick', phase 'steady': 3 users cannot be split into 4 shards (shard 3/4 would have none)")
                .hasMessageContaining("--connections");
    }
}
