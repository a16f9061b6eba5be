package dev.stampede.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Network faults on a user's HTTP API: the load's connections go through the fault proxy while every request still
 * names the API itself (its Host header), a reset window fails requests only while it lasts (plus the interval the
 * users reconnect in), and the API's own request count agrees with the requests the report counts as answered.
 * A small JDK HTTP server on 127.0.0.1 stands in for the API.
 */
class HttpFaultIT {
    @Test
    void resetWindowOnTheUsersApiThroughTheProxy(@TempDir Path dir) throws Exception {
        HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        Set<String> hosts = ConcurrentHashMap.newKeySet();
        LongAdder served = new LongAdder();
        api.createContext("/", ex -> {
            hosts.add(ex.getRequestHeaders().getFirst("Host"));
            byte[] body = "ok".getBytes();
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
            served.increment();
        });
        api.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        api.start();
        int port = api.getAddress().getPort();
        try {
            Path config = dir.resolve("http-faults.yaml");
            Files.writeString(config, """
                    workload: {type: http}
                    http: {base_url: "http://127.0.0.1:%d", path: /, first_byte_timeout: 2s}
                    scenarios:
                      hf:
                        connections: 4
                        duration: 8s
                        think_time: 5ms
                        faults:
                          - {target: http, kind: reset, at: 2s, for: 1500ms}
                    run: {scenarios: [hf]}
                    """.formatted(port));
            Cli r = Cli.run(Map.of(), "run", "--config", config.toString(), "--output", dir.resolve("out").toString());
            assertThat(r.code()).as(r.all()).isIn(0, 1);
            assertThat(r.out()).contains("Fault proxy: the load's HTTP connections go through 127.0.0.1:");
            assertThat(hosts).as("requests name the API, not the proxy").containsExactly("127.0.0.1:" + port);
            JsonNode s = new ObjectMapper().readTree(dir.resolve("out/report.json").toFile()).get("scenarios").get(0);
            JsonNode w = s.get("extras").get("faults").get("windows").get(0);
            JsonNode proxy = s.get("extras").get("faults").get("proxies").get(0);
            assertThat(proxy.get("target").asText()).isEqualTo("http");
            assertThat(proxy.get("resets").asLong()).isPositive();
            double from = w.get("applied_start_s").asDouble(), to = w.get("applied_end_s").asDouble();
            long inside = 0, outside = 0;
            for (String line : Files.readAllLines(dir.resolve("out/timeseries.csv"))) {
                List<String> f = List.of(line.split(","));
                if (!f.get(0).equals("hf") || !f.get(3).equals("ALL")) continue;
                double end = Double.parseDouble(f.get(1));
                long bad = Long.parseLong(f.get(5)) + Long.parseLong(f.get(6));
                if (end > from && end - 1 < to + 1) inside += bad;
                else outside += bad;
            }
            assertThat(inside).as("failures during the reset window").isPositive();
            assertThat(outside).as("failures outside it").isZero();
            long ok = s.get("totals").get("ok").asLong();
            assertThat(served.sum()).as("the API's own count against the report's answered requests").isGreaterThanOrEqualTo(ok);
            assertThat(ok).isPositive();
        } finally {
            api.stop(0);
        }
    }
}
