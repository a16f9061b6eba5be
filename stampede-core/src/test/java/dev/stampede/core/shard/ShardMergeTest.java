package dev.stampede.core.shard;

import dev.stampede.core.config.ConfigException;
import dev.stampede.core.metrics.LatencyStats;
import dev.stampede.core.metrics.OperationSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Merging shard bundles: exact histograms, summed counts, and every check that makes a merge incomplete. */
class ShardMergeTest {
    private static final ShardMerge.Options STRICT = new ShardMerge.Options(false, Duration.ofMillis(500));

    @TempDir
    Path tmp;

    private final BundleFixture fixture = new BundleFixture();

    private List<ShardBundle> open(Path... dirs) throws IOException {
        List<ShardBundle> out = new ArrayList<>();
        for (Path d : dirs) out.add(ShardBundle.open(d, tmp));
        return out;
    }

    private ShardMerge merge(Path... dirs) throws IOException {
        return ShardMerge.of(open(dirs), BundleFixture.VERSION, STRICT);
    }

    @Test
    void mergedPercentilesAreThoseOfOneHistogramOfEveryRawSampleAndCountsAddUp() throws IOException {
        var plan = BundleFixture.plan(300);
        Path a = fixture.write(tmp.resolve("a"), 0, 3, plan, 100, 10, true, 1);
        Path b = fixture.write(tmp.resolve("b"), 1, 3, plan, 120, 10, true, 2);
        Path c = fixture.write(tmp.resolve("c"), 2, 3, plan, 80, 10, true, 3);
        ShardMerge m = merge(a, b, c);
        List<ShardMerge.Merged> merged = m.scenarios();
        assertThat(m.problems()).isEmpty();
        OperationSummary all = merged.get(0).run().metrics().all();
        assertThat(all.latency()).isEqualTo(LatencyStats.ofMicros(fixture.raw));
        assertThat(all.attempts()).isEqualTo(3000);
        assertThat(all.ok()).isEqualTo(fixture.ok);
        assertThat(all.failed()).isEqualTo(fixture.failed).isPositive();
        assertThat(all.unknown()).isEqualTo(fixture.unknown).isEqualTo(3);
        assertThat(all.throughputPerSec()).isEqualTo(fixture.ok / 10.0);
        assertThat(merged.get(0).run().metrics().operations()).extracting(OperationSummary::name).containsExactly("read", "write");
        // the per-second series: 10 buckets, each with every shard's attempts
        assertThat(merged.get(0).run().metrics().series().stream().filter(r -> r.operation().equals("ALL"))
                .mapToLong(r -> r.ok() + r.failed() + r.unknown())).hasSize(10).allMatch(n -> n == 300);
    }

    @Test
    void theIntervalLogIsTaggedByOperationAndOutcome() throws IOException {
        Path a = fixture.write(tmp.resolve("a"), 0, 1, BundleFixture.plan(100), 100, 3, true, 1);
        ShardBundle b = ShardBundle.open(a, tmp);
        List<String> tags = b.intervals(b.manifest().scenarios().get(0)).stream().map(ShardBundle.Logged::tag).distinct().toList();
        assertThat(tags).contains("read/ok", "read/failed", "write/ok", "write/failed", "read/acquire", "read/execution");
        assertThat(tags).contains("write/unknown").doesNotContain("read/unknown");
        assertThat(Files.readString(a.resolve("intervals/01-steady-load.hlog"))).contains("#[BaseTime: 1893456000.000");
    }

    @Test
    void aMissingShardIsAProblem() throws IOException {
        var plan = BundleFixture.plan(300);
        ShardMerge m = merge(fixture.write(tmp.resolve("a"), 0, 3, plan, 10, 10, true, 1),
                fixture.write(tmp.resolve("c"), 2, 3, plan, 10, 10, true, 3));
        m.scenarios();
        assertThat(m.problems()).anyMatch(p -> p.startsWith("shard 1/3 is missing: no bundle was given for it"));
    }

    @Test
    void aShardKilledMidRunIsReportedWithItsMissingIntervals() throws IOException {
        var plan = BundleFixture.plan(200);
        ShardMerge m = merge(fixture.write(tmp.resolve("a"), 0, 2, plan, 10, 10, true, 1),
                fixture.write(tmp.resolve("b"), 1, 2, plan, 10, 6, false, 2));
        List<ShardMerge.Merged> merged = m.scenarios();
        assertThat(m.problems()).anyMatch(p -> p.contains("shard 1/2 (") && p.contains("did not finish its run"))
                .anyMatch(p -> p.equals("shard 1/2 is missing intervals 7-10 s of scenario 'steady-load' (expected 1-10 s after its start)"));
        // what it did record is in the numbers
        assertThat(merged.get(0).run().metrics().all().attempts()).isEqualTo(160);
        assertThat(merged.get(0).run().stopReason().name()).isEqualTo("INTERRUPTED");
    }

    @Test
    void anIntervalCutFromALogIsFoundAgainstTheShardsOwnTotals() throws IOException {
        Path a = fixture.write(tmp.resolve("a"), 0, 1, BundleFixture.plan(100), 10, 10, true, 1);
        Path log = a.resolve("intervals/01-steady-load.hlog");
        List<String> lines = new ArrayList<>(Files.readAllLines(log, StandardCharsets.UTF_8));
        lines.removeIf(l -> l.startsWith("Tag=read/ok,4."));
        Files.write(log, lines, StandardCharsets.UTF_8);
        ShardMerge m = merge(a);
        m.scenarios();
        assertThat(m.problems()).anyMatch(p -> p.startsWith("shard 0/1's interval log of scenario 'steady-load' holds ")
                && p.contains("attempts of 'read' but its own totals") && p.endsWith("intervals are missing from its log"));
    }

    @Test
    void clocksThatDisagreeThroughTheSharedReferenceAreSkew() throws IOException {
        var plan = BundleFixture.plan(200);
        Path a = fixture.write(tmp.resolve("a"), 0, 2, plan, 10, 10, true, 1);
        Path b = fixture.write(tmp.resolve("b"), 1, 2, plan, 10, 10, true, 2);
        setClock(a, 3);
        setClock(b, -900);
        ShardMerge m = merge(a, b);
        m.scenarios();
        assertThat(m.problems()).anyMatch(p -> p.startsWith("clock skew in scenario 'steady-load': shard 1/2's clock is 903 ms (+/- 2) "
                + "ahead of shard 0/2's, by the test server's clock"));
        setClock(b, 200);
        ShardMerge ok = merge(a, b);
        ok.scenarios();
        assertThat(ok.problems()).isEmpty();
    }

    private static void setClock(Path bundle, long offset) throws IOException {
        BundleManifest m = BundleManifest.read(bundle.resolve(BundleManifest.FILE));
        List<BundleManifest.Scenario> s = m.scenarios().stream()
                .map(x -> x.withClock(new BundleManifest.ClockOffset("the test server's clock", offset, 1))).toList();
        new BundleManifest(m.format(), m.stampedeVersion(), m.planFingerprint(), m.shardIndex(), m.shardCount(), m.startAt(),
                m.createdAt(), m.status(), s).write(bundle);
    }

    @Test
    void bundlesOfDifferentPlansOrVersionsAreRefusedUnlessAccepted() throws IOException {
        Path a = fixture.write(tmp.resolve("a"), 0, 2, BundleFixture.plan(200), 10, 10, true, 1);
        Path b = fixture.write(tmp.resolve("b"), 1, 2, BundleFixture.plan(250), 10, 10, true, 2);
        assertThatThrownBy(() -> merge(a, b)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("these bundles are not shards of one run: ")
                .hasMessageContaining("(shard 1/2) ran plan ")
                .hasMessageContaining("pass --accept-mismatch to merge anyway");
        ShardMerge accepted = ShardMerge.of(open(a, b), BundleFixture.VERSION, new ShardMerge.Options(true, Duration.ofMillis(500)));
        accepted.scenarios();
        assertThat(accepted.notes()).anyMatch(n -> n.startsWith("accepted mismatch (--accept-mismatch): "));
        assertThat(accepted.problems()).isEmpty();
        assertThatThrownBy(() -> ShardMerge.of(open(a), "9.9.9", STRICT)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("was written by Stampede 1.2.3, this is 9.9.9");
    }

    @Test
    void theSameShardTwiceOrNoBundleIsBadInput() throws IOException {
        Path a = fixture.write(tmp.resolve("a"), 0, 2, BundleFixture.plan(200), 10, 10, true, 1);
        Path a2 = fixture.write(tmp.resolve("a2"), 0, 2, BundleFixture.plan(200), 10, 10, true, 1);
        assertThatThrownBy(() -> merge(a, a2)).isInstanceOf(ConfigException.class).hasMessageContaining("shard 0/2 is given twice");
        assertThatThrownBy(() -> ShardBundle.open(tmp.resolve("nope"), tmp)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("no such file or directory");
        Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> ShardBundle.open(tmp.resolve("empty"), tmp)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("no bundle.json in it, so it is not a result bundle");
    }
}
