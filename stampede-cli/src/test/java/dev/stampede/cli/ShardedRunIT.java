package dev.stampede.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampede.core.metrics.LatencyStats;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Issue 15's done-when: the same open-model scenario as one process and as four local JVM shards (child processes of
 * the CLI jar, one --start-at a few seconds ahead) against the PostgreSQL service, merged; and a shard killed mid-run.
 * The percentiles' independent source is each shard's own whole-scenario histograms ({@code totals/}), the ones its
 * own report.json was computed from, read here straight from the files with HdrHistogram's reader.
 */
class ShardedRunIT {
    private static final String SCHEMA = "stampede_it_shards";
    private static final String KILLED_SCHEMA = "stampede_it_shards_killed";
    private static final double RATE = 200;
    private static final int SECONDS = 8;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @AfterAll
    static void dropSchemas() throws Exception {
        Cli.dropSchema(SCHEMA);
        Cli.dropSchema(KILLED_SCHEMA);
    }

    private static Path jar() {
        Path jar = Path.of("target/stampede.jar");
        assertThat(jar).as("the CLI jar (built in the package phase, before the integration tests)").exists();
        return jar;
    }

    /** The scenario both sides run: quick's 3 s warm-up, then 8 s at 200 constant arrivals per second. */
    private Process start(Path out, String schema, String... extra) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-Xss512k", "-jar", jar().toString(), "run",
                "--scenarios", "quick", "--qps-target", Double.toString(RATE), "--arrival", "constant", "--connections", "16",
                "--duration", SECONDS + "s", "--no-db-monitors", "--set", "database.schema=" + schema, "--output", out.toString()));
        cmd.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.resolveSibling(out.getFileName() + ".log").toFile());
        pb.environment().put("DATABASE_URL", Cli.PG);
        return pb.start();
    }

    private static int await(Process p, Path out) throws Exception {
        Path log = out.resolveSibling(out.getFileName() + ".log");
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("no end within 60 s: " + Files.readString(log));
        }
        return p.exitValue();
    }

    private static String log(Path out) throws IOException {
        return Files.readString(out.resolveSibling(out.getFileName() + ".log"));
    }

    private static Instant startAt(int secondsAhead) {
        return Instant.now().plusSeconds(secondsAhead).truncatedTo(ChronoUnit.SECONDS);
    }

    private static JsonNode all(Path reportDir) throws IOException {
        return JSON.readTree(reportDir.resolve("report.json").toFile()).get("scenarios").get(0).get("totals");
    }

    @Test
    void fourShardsMergeToThePlannedRateAndToThePercentilesOfAllTheirSamples() throws Exception {
        Path single = dir.resolve("single");
        Process one = start(single, SCHEMA);
        assertThat(await(one, single)).as(log(single)).isZero();

        Instant t = startAt(15);
        List<Path> shards = new ArrayList<>();
        List<Process> running = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                Path out = dir.resolve("shard" + i);
                shards.add(out);
                running.add(i == 3 ? start(out, SCHEMA, "--shard", i + "/4", "--start-at", t.toString(), "--print-bundle")
                        : start(out, SCHEMA, "--shard", i + "/4", "--start-at", t.toString()));
            }
            for (int i = 0; i < 4; i++) assertThat(await(running.get(i), shards.get(i))).as(log(shards.get(i))).isZero();
        } finally {
            for (Process p : running) p.destroyForcibly();
        }
        assertThat(log(shards.get(1))).contains("Waiting for shard 0 to prepare workload 'game'");

        Path merged = dir.resolve("merged");
        List<String> args = new ArrayList<>(List.of("merge", "--output", merged.toString()));
        for (Path s : shards.subList(0, 3)) args.add(s.toString());
        args.add(shards.get(3).resolveSibling("shard3.log").toString());   // shard 3 by its log alone (--print-bundle)
        Cli m = Cli.run(args.toArray(String[]::new));
        assertThat(m.code()).as(m.all()).isZero();

        JsonNode total = all(merged), alone = all(single);
        double planned = RATE * SECONDS;
        long attempts = total.get("attempts").asLong();
        assertThat((double) attempts).isCloseTo(planned, within(planned * 0.02));
        assertThat((double) attempts).isCloseTo(alone.get("attempts").asDouble(), within(alone.get("attempts").asDouble() * 0.02));
        assertThat(total.get("throughput_per_sec").asDouble()).isCloseTo(RATE, within(RATE * 0.02));
        assertThat(total.get("throughput_per_sec").asDouble())
                .isCloseTo(alone.get("throughput_per_sec").asDouble(), within(alone.get("throughput_per_sec").asDouble() * 0.02));
        // the shards' own reports add up to the merged counts
        long sum = 0;
        for (Path s : shards) sum += all(s).get("attempts").asLong();
        assertThat(attempts).isEqualTo(sum);

        // every sample of the four shards, from their whole-scenario histograms
        Histogram raw = new Histogram(1, 3_600_000_000L, 3);
        for (Path s : shards) {
            Histogram mine = totals(s);
            assertThat(mine.getTotalCount()).isEqualTo(all(s).get("attempts").asLong());
            assertThat(all(s).get("latency").get("p99_ms").asDouble()).isEqualTo(LatencyStats.ofMicros(mine).p99Ms());
            raw.add(mine);
        }
        LatencyStats expected = LatencyStats.ofMicros(raw);
        JsonNode lat = total.get("latency");
        assertThat(lat.get("count").asLong()).isEqualTo(expected.count()).isEqualTo(attempts);
        assertThat(lat.get("min_ms").asDouble()).isEqualTo(expected.minMs());
        assertThat(lat.get("mean_ms").asDouble()).isEqualTo(expected.meanMs());
        assertThat(lat.get("p50_ms").asDouble()).isEqualTo(expected.p50Ms());
        assertThat(lat.get("p90_ms").asDouble()).isEqualTo(expected.p90Ms());
        assertThat(lat.get("p95_ms").asDouble()).isEqualTo(expected.p95Ms());
        assertThat(lat.get("p99_ms").asDouble()).isEqualTo(expected.p99Ms());
        assertThat(lat.get("p999_ms").asDouble()).isEqualTo(expected.p999Ms());
        assertThat(lat.get("max_ms").asDouble()).isEqualTo(expected.maxMs());
        assertThat(lat.get("spectrum").size()).isEqualTo(expected.spectrum().size());
        JsonNode coverage = verdict(merged, "shard_coverage");
        assertThat(coverage.get("status").asText()).isEqualTo("PASSED");
    }

    @Test
    void aShardKilledMidRunIsReportedAsMissingIntervalsAndFailsTheMergedVerdict() throws Exception {
        Instant t = startAt(10);
        Path a = dir.resolve("a"), b = dir.resolve("b");
        Process p0 = start(a, KILLED_SCHEMA, "--shard", "0/2", "--start-at", t.toString());
        Process p1 = start(b, KILLED_SCHEMA, "--shard", "1/2", "--start-at", t.toString());
        try {
            // 3 s of warm-up and 4 s of the steady phase, then shard 1 dies without a word
            long killAt = t.toEpochMilli() + 7_000;
            while (System.currentTimeMillis() < killAt) Thread.sleep(100);
            p1.destroyForcibly();
            p1.waitFor(10, TimeUnit.SECONDS);
            assertThat(await(p0, a)).as(log(a)).isZero();
        } finally {
            p0.destroyForcibly();
            p1.destroyForcibly();
        }
        Path merged = dir.resolve("merged-killed");
        Cli m = Cli.run("merge", "--output", merged.toString(), a.toString(), b.toString());
        assertThat(m.code()).as(m.all()).isEqualTo(ExitCodes.THRESHOLDS_FAILED);
        assertThat(m.out()).contains("incomplete: shard 1/2 (" + b + ") did not finish its run")
                .containsPattern("incomplete: shard 1/2 is missing intervals \\d+-11 s of scenario 'quick'");
        JsonNode coverage = verdict(merged, "shard_coverage");
        assertThat(coverage.get("status").asText()).isEqualTo("FAILED");
        assertThat(coverage.get("reason").asText()).contains("shard 1/2 is missing intervals");
        // what shard 1 recorded before it died is in the numbers, and less than its share
        long attempts = all(merged).get("attempts").asLong();
        assertThat(attempts).isGreaterThan(all(a).get("attempts").asLong()).isLessThan((long) (RATE * SECONDS * 0.95));

        Cli accepted = Cli.run("merge", "--accept-incomplete", "--output", dir.resolve("accepted").toString(), a.toString(), b.toString());
        assertThat(accepted.code()).as(accepted.all()).isZero();
        assertThat(verdict(dir.resolve("accepted"), "shard_coverage").get("status").asText()).isEqualTo("WARNING");
    }

    private static JsonNode verdict(Path reportDir, String metric) throws IOException {
        for (JsonNode v : JSON.readTree(reportDir.resolve("report.json").toFile()).get("scenarios").get(0).get("verdicts")) {
            if (v.get("metric").asText().equals(metric)) return v;
        }
        throw new AssertionError("no verdict " + metric + " in " + reportDir);
    }

    /** A shard's whole-scenario latency over all its operations, from its bundle's totals file. */
    private static Histogram totals(Path shard) throws IOException {
        Histogram sum = new Histogram(1, 3_600_000_000L, 3);
        try (Stream<Path> files = Files.list(shard.resolve("totals"))) {
            for (Path f : files.toList()) {
                try (HistogramLogReader r = new HistogramLogReader(f.toFile())) {
                    for (EncodableHistogram h; (h = r.nextIntervalHistogram()) != null; ) {
                        if (h.getTag().endsWith("/latency")) sum.add((Histogram) h);
                    }
                }
            }
        }
        return sum;
    }
}
