package dev.stampede.core.engine;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Closed-model users dealt out to shards keep the plan's ramp-up starts and stage gating. */
class UserShareTest {
    private static final long S = 1_000_000_000L;

    @Test
    void sharesCountEveryPlanUserOnce() {
        for (int users : new int[]{1, 4, 7, 10}) {
            for (int n = 1; n <= users; n++) {
                int sum = 0;
                for (int i = 0; i < n; i++) sum += new UserShare(i, n, users).users();
                assertThat(sum).as("%d users in %d shares", users, n).isEqualTo(users);
            }
        }
        assertThat(new UserShare(3, 4, 3).users()).isZero();
    }

    @Test
    void theSharesRampUpStartsAreExactlyThePlansStarts() {
        LoadModel.Closed plan = new LoadModel.Closed(10, Duration.ofSeconds(10), Duration.ZERO);
        List<Long> whole = new ArrayList<>();
        for (int u = 0; u < 10; u++) whole.add(UserSchedule.of(plan, 0, u).first());
        List<Long> sharded = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            UserShare share = new UserShare(i, 3, 10);
            LoadModel.Closed mine = new LoadModel.Closed(share.users(), plan.rampUp(), plan.thinkTime(), plan.pace(), null, share);
            for (int j = 0; j < mine.users(); j++) sharded.add(UserSchedule.of(mine, 0, j).first());
        }
        assertThat(sharded).containsExactlyInAnyOrderElementsOf(whole);
        // user 4 of the plan is shard 1's second user, due at 4 s, not at half of shard 1's ramp-up
        UserShare one = new UserShare(1, 3, 10);
        assertThat(UserSchedule.of(new LoadModel.Closed(one.users(), plan.rampUp(), plan.thinkTime(), plan.pace(), null, one), 0, 1).first())
                .isEqualTo(4 * S);
    }

    @Test
    void stagesGateEachSharesUsersByTheirPlanNumber() {
        Stages stages = new Stages(0, List.of(new Stages.Stage(Duration.ofSeconds(10), 6)));
        LoadModel.Closed plan = LoadModel.Closed.ramping(stages, Duration.ZERO, Duration.ZERO);
        TreeMap<Long, Integer> whole = new TreeMap<>(), sharded = new TreeMap<>();
        for (int u = 0; u < plan.users(); u++) whole.merge(UserSchedule.of(plan, 0, u).first(), 1, Integer::sum);
        for (int i = 0; i < 4; i++) {
            UserShare share = new UserShare(i, 4, plan.users());
            LoadModel.Closed mine = new LoadModel.Closed(share.users(), Duration.ZERO, Duration.ZERO, Duration.ZERO, stages, share);
            for (int j = 0; j < mine.users(); j++) sharded.merge(UserSchedule.of(mine, 0, j).first(), 1, Integer::sum);
        }
        assertThat(sharded).isEqualTo(whole);
    }

    @Test
    void aShareMustHoldItsCountOfUsers() {
        assertThatThrownBy(() -> new LoadModel.Closed(4, Duration.ZERO, Duration.ZERO, Duration.ZERO, null, new UserShare(0, 2, 10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("users (4) must be the share's 5 of 10");
    }
}
