package dev.stampede.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Network faults on Redis: the load's Lettuce connections go through the fault proxy (monitoring stays direct), so a
 * reset window and a blackhole window on {@code target: redis} take effect, and the raw workload's failures fall
 * inside the applied reset window (plus up to 2 s in which Lettuce reconnects on its capped backoff), never before
 * it; commands sent into the blackhole wait there and fail only inside it or at the command timeout after it. Embedded Redis, a key prefix of this test's own.
 */
class RedisFaultIT {
    @Test
    void resetAndBlackholeOnRedisThroughTheProxy(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("redis-faults.yaml");
        Files.writeString(config, """
                workload: {type: redis}
                redis: {key_prefix: "stampede-it-redisfault:", timeout: 5s}
                scenarios:
                  rf:
                    connections: 4
                    duration: 12s
                    faults:
                      - {target: redis, kind: reset, at: 2s, for: 1500ms}
                      - {target: redis, kind: blackhole, at: 8s, for: 1s}
                run: {scenarios: [rf]}
                """);
        Cli r = Cli.run(Map.of(), "run", "--config", config.toString(), "--output", dir.resolve("out").toString());
        assertThat(r.code()).as(r.all()).isIn(0, 1);
        assertThat(r.out()).contains("Fault proxy: the load's Redis connections go through 127.0.0.1:");
        JsonNode s = new ObjectMapper().readTree(dir.resolve("out/report.json").toFile()).get("scenarios").get(0);
        JsonNode windows = s.get("extras").get("faults").get("windows");
        JsonNode reset = windows.get(0), hole = windows.get(1);
        assertThat(reset.get("applied_start_s").isNumber()).as(reset.toString()).isTrue();
        assertThat(hole.get("applied_start_s").isNumber()).as(hole.toString()).isTrue();
        JsonNode proxy = s.get("extras").get("faults").get("proxies").get(0);
        assertThat(proxy.get("target").asText()).isEqualTo("redis");
        assertThat(proxy.get("resets").asLong()).as("the proxy reset the load's connections").isPositive();

        double from = reset.get("applied_start_s").asDouble(), to = reset.get("applied_end_s").asDouble();
        // after the window Lettuce reconnects on its backoff, capped at 500 ms (RedisConnector), then connects and
        // shakes hands, once more if the first try met the window's last resets: failures may run on up to 2 s past
        // the window's end on a loaded machine, never later (with Lettuce's own 30 s cap CI saw them run past 3 s)
        double reconnect = to + 2;
        // a command sent into the blackhole is answered by nothing: it fails at the 5 s command timeout, or is cut
        // off at the phase's end, so the blackhole's failures run from its start to its end plus that timeout
        double holeFrom = hole.get("applied_start_s").asDouble(), holeTo = hole.get("applied_end_s").asDouble() + 5;
        long inside = 0, outside = 0, okBefore = 0, okAfter = 0;
        StringBuilder seen = new StringBuilder(windows + "\n");
        for (String line : Files.readAllLines(dir.resolve("out/timeseries.csv"))) {
            List<String> f = List.of(line.split(","));
            if (!f.get(0).equals("rf") || !f.get(3).equals("ALL")) continue;
            double end = Double.parseDouble(f.get(1));   // the interval (end - 1, end]
            long bad = Long.parseLong(f.get(5)) + Long.parseLong(f.get(6));
            // the window, and Lettuce's reconnect after it; an interval's end is read just before its counts are
            // taken, so on a loaded machine an attempt that ended a few ms after that end may still count in it
            boolean overlaps = end > from - 0.1 && end - 1 < reconnect;
            boolean inHole = end > holeFrom && end - 1 < holeTo;
            seen.append(line).append('\n');
            if (overlaps) inside += bad;
            else if (!inHole) outside += bad;
            if (end <= from) okBefore += Long.parseLong(f.get(4));
            if (end - 1 >= reconnect && end <= hole.get("applied_start_s").asDouble() + 1) okAfter += Long.parseLong(f.get(4));
        }
        assertThat(inside).as("failures during the reset window").isPositive();
        assertThat(outside).as("failures outside it\n" + seen).isZero();
        assertThat(okBefore).isPositive();
        assertThat(okAfter).as("the load came back after the reset").isPositive();
        assertThat(s.get("totals").get("attempts").asLong()).isPositive();
    }
}
