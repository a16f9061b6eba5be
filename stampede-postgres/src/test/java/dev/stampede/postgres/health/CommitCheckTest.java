package dev.stampede.postgres.health;

import dev.stampede.core.api.Operation;
import dev.stampede.core.api.OperationContext;
import dev.stampede.core.api.Outcome;
import dev.stampede.core.api.Workload;
import dev.stampede.core.metrics.LatencyStats;
import dev.stampede.core.metrics.OperationSummary;
import dev.stampede.postgres.Commits;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The commit check's arithmetic: the client's range, the server's net count, the tolerance and the causes. */
class CommitCheckTest {
    private record Op(String name, int commits) implements Operation, Commits {
        @Override public Outcome call(OperationContext context) { return Outcome.OK; }
        @Override public int commitsPerSuccess() { return commits; }
    }

    private record Undeclared(String name) implements Operation {
        @Override public Outcome call(OperationContext context) { return Outcome.OK; }
    }

    private static Workload workload(Operation... ops) {
        return new Workload() {
            @Override public String name() { return "w"; }
            @Override public List<Operation> operations() { return List.of(ops); }
            @Override public int pick(SplittableRandom random) { return 0; }
        };
    }

    private static OperationSummary s(String name, long ok, long failed, long unknown) {
        return new OperationSummary(name, ok + failed + unknown, ok, failed, unknown, 0, 0, 0, LatencyStats.EMPTY,
                LatencyStats.EMPTY, LatencyStats.EMPTY, List.of());
    }

    private static CommitEdge edge(long commits, long monitorTx, int flush) {
        return new CommitEdge(commits, 0, monitorTx, flush, true, WalFlush.UNAVAILABLE, "edge");
    }

    private final Workload w = workload(new Op("read", 1), new Op("insert_each_10", 10));

    @Test
    void serverCountIsNetOfMonitoringAndTheFlushAndMatchesTheClientsSuccesses() {
        // client: 1000 reads + 50 x 10 inserts = 1500; server: 1500 + 40 monitoring + 3 flush
        CommitCheck c = CommitCheck.of(w, List.of(s("read", 1000, 0, 0), s("insert_each_10", 50, 0, 0)),
                edge(10_000, 100, 0), edge(11_543, 140, 3), true, true, List.of());
        assertThat(c.clientCommits()).isEqualTo(1500);
        assertThat(c.serverCommits()).isEqualTo(1500);
        assertThat(c.monitorCommits()).isEqualTo(40);
        assertThat(c.consistent()).isTrue();
        assertThat(c.causes()).isEmpty();
    }

    @Test
    void failedAndUnknownAttemptsWidenTheClientRange() {
        // 2 failed multi-insert attempts may have committed up to 9 each; 1 unknown read may have committed
        CommitCheck c = CommitCheck.of(w, List.of(s("read", 1000, 0, 1), s("insert_each_10", 50, 2, 0)),
                edge(0, 0, 0), edge(1515, 0, 0), true, true, List.of());
        assertThat(c.clientCommits()).isEqualTo(1500);
        assertThat(c.clientCommitsMax()).isEqualTo(1500 + 1 + 18);
        assertThat(c.differencePercent()).isZero();
        assertThat(c.summary()).contains("1,500 to 1,519").contains("they agree");
    }

    @Test
    void overOnePercentIsADifferenceWithItsLikelyCauses() {
        CommitCheck c = CommitCheck.of(w, List.of(s("read", 1000, 0, 0), s("insert_each_10", 50, 0, 0)),
                edge(0, 0, 0), edge(1516, 0, 0), false, true, List.of("billing"));
        assertThat(c.differencePercent()).isCloseTo(16 / 15.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(c.consistent()).isFalse();
        assertThat(c.summary()).contains("+1.07%").contains("starts before the warm-up").contains("billing");
        CommitCheck fewer = CommitCheck.of(w, List.of(s("read", 1000, 0, 0), s("insert_each_10", 50, 0, 0)),
                edge(0, 0, 0), edge(1400, 0, 0), true, true, List.of());
        assertThat(fewer.consistent()).isFalse();
        assertThat(fewer.causes()).singleElement().asString().contains("fewer commits");
    }

    @Test
    void anOperationThatDoesNotDeclareItsCommitsMakesTheCheckNotComparable() {
        CommitCheck c = CommitCheck.of(workload(new Op("read", 1), new Undeclared("mystery")),
                List.of(s("read", 10, 0, 0), s("mystery", 5, 0, 0)), edge(0, 0, 0), edge(10, 0, 0), true, true, List.of());
        assertThat(c.comparable()).isFalse();
        assertThat(c.consistent()).isFalse();
        assertThat(c.summary()).startsWith("not compared: mystery");
    }
}
