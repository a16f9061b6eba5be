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
 * A network fault on the Celery broker: Stampede's publishing connections to the (embedded Redis) broker go through
 * the fault proxy, the worker and the result backend directly. A reset window fails publishes only while it lasts
 * (plus up to 2 s in which Lettuce reconnects), and publishing goes on after it.
 */
class CeleryFaultIT {
    @Test
    void resetWindowOnTheRedisBrokerFailsPublishesOnlyInsideIt(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("celery-faults.yaml");
        Files.writeString(config, """
                scenarios:
                  celery-submit-rate:
                    duration: 10s
                    faults:
                      - {target: celery, kind: reset, at: 2s, for: 1500ms}
                run: {scenarios: [celery-submit-rate]}
                """);
        Cli r = Cli.run(Map.of(), "run", "--config", config.toString(), "--output", dir.resolve("out").toString());
        assertThat(r.code()).as(r.all()).isIn(0, 1);
        assertThat(r.out()).contains("Fault proxy: Stampede's publishing connections to the Celery broker go through 127.0.0.1:");
        JsonNode s = new ObjectMapper().readTree(dir.resolve("out/report.json").toFile()).get("scenarios").get(0);
        JsonNode w = s.get("extras").get("faults").get("windows").get(0);
        JsonNode proxy = s.get("extras").get("faults").get("proxies").get(0);
        assertThat(proxy.get("target").asText()).isEqualTo("celery");
        assertThat(proxy.get("resets").asLong()).isPositive();
        double from = w.get("applied_start_s").asDouble(), to = w.get("applied_end_s").asDouble();
        // Lettuce reconnects after the window: its backoff is capped at 500 ms (RedisConnector), then a connect and a
        // handshake, and one more try if the first lands in the window's last resets; 2 s holds that on a loaded machine
        double reconnect = to + 2;
        long inside = 0, outside = 0, okAfter = 0;
        for (String line : Files.readAllLines(dir.resolve("out/timeseries.csv"))) {
            List<String> f = List.of(line.split(","));
            if (!f.get(0).equals("celery-submit-rate") || !f.get(2).equals("steady") || !f.get(3).equals("ALL")) continue;
            double end = Double.parseDouble(f.get(1));
            long bad = Long.parseLong(f.get(5)) + Long.parseLong(f.get(6));
            if (end > from && end - 1 < reconnect) inside += bad;
            else outside += bad;
            if (end - 1 >= reconnect) okAfter += Long.parseLong(f.get(4));
        }
        assertThat(inside).as("failed publishes during the reset window").isPositive();
        assertThat(outside).as("failed publishes outside it").isZero();
        assertThat(okAfter).as("publishing went on after it").isPositive();
    }
}
