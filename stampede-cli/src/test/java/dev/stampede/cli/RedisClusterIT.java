package dev.stampede.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis target against a real Redis Cluster (three masters started by the test from the redis-server on PATH):
 * a cluster node given as a standalone server is refused with the fix; with {@code topology: cluster} the raw
 * workload's GET, SET and MGET reach all three masters with no MOVED or CROSSSLOT error, and the commands the
 * masters counted (INFO commandstats, summed over the nodes: the servers' count, not the client's) match the
 * attempts the report holds; {@code stampede clean} then removes the prefix on every master and nothing else.
 */
class RedisClusterIT {
    private static final String PREFIX = "stampede-cluster-it:";
    private static LocalRedisCluster cluster;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        cluster = LocalRedisCluster.start(dir);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) cluster.close();
    }

    private static Map<String, String> env() {
        return Map.of("REDIS_URL", "redis://127.0.0.1:" + cluster.port(0) + "/0");
    }

    private static Path config(String name, boolean topology) throws Exception {
        Path config = dir.resolve(name);
        Files.writeString(config, "redis:\n  key_prefix: \"" + PREFIX + "\"\n" + (topology ? "  topology: cluster\n" : "")
                + "  commands: {GET: 1, SET: 1, MGET: 1}\n  key_space: 3000\n");
        return config;
    }

    @Test
    void aClusterNodeGivenAsAStandaloneServerIsRefusedWithTheFix() throws Exception {
        Cli r = Cli.run(env(), "run", "--scenarios", "cache-latency", "--time-scale", "0.05", "--config",
                config("standalone.yaml", false).toString(), "--output", dir.resolve("standalone").toString());
        assertThat(r.code()).as(r.all()).isEqualTo(2);
        assertThat(r.all()).contains("is a Redis Cluster node").contains("redis.topology: cluster").doesNotContain("Exception");
    }

    @Test
    void theRawWorkloadSpreadsOverEveryMasterAndTheMastersCountWhatTheReportSays() throws Exception {
        long get = cluster.calls("get"), set = cluster.calls("set"), mget = cluster.calls("mget");
        Path out = dir.resolve("run");
        Cli r = Cli.run(env(), "run", "--scenarios", "cache-latency", "--time-scale", "0.05", "--config",
                config("cluster.yaml", true).toString(), "--output", out.toString());
        assertThat(r.code()).as(r.all()).isIn(0, 1);
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        JsonNode s = report.get("scenarios").get(0);
        assertThat(s.get("totals").get("failed").asLong()).as(s.get("totals").toString()).isZero();
        assertThat(s.get("totals").get("unknown").asLong()).isZero();
        Map<String, Long> attempts = new java.util.HashMap<>();
        for (JsonNode op : s.get("operations")) attempts.put(op.get("name").asText(), op.get("attempts").asLong());
        assertThat(attempts).containsKeys("GET", "SET", "MGET");
        assertThat(attempts.get("MGET")).isGreaterThan(50);
        long getCalls = cluster.calls("get") - get, setCalls = cluster.calls("set") - set, mgetCalls = cluster.calls("mget") - mget;
        // every GET and SET attempt is one command on one master (the report's attempts cover the measured phase,
        // the servers also saw the warm-up's, so at least as many)
        assertThat(getCalls).isGreaterThanOrEqualTo(attempts.get("GET"));
        assertThat(setCalls).isGreaterThanOrEqualTo(attempts.get("SET"));
        // an MGET of 10 keys is split by slot: more MGETs reach the masters than attempts were made, none crossed slots
        assertThat(mgetCalls).isGreaterThan(attempts.get("MGET"));
        JsonNode redis = s.get("extras").get("redis");
        // Redis's own view of a cluster is the sum over its masters: the commands they processed agree with the
        // commands the workload sent, and their keyspace holds the keys the run wrote
        long sent = redis.get("client_commands").asLong(), processed = redis.get("server_commands").asLong();
        assertThat(sent).isPositive();
        assertThat(Math.abs(sent - processed)).as("sent %d, processed %d", sent, processed).isLessThanOrEqualTo(Math.max(1, sent / 100));
        long[] keys = cluster.keysPerNode();
        for (long n : keys) assertThat(n).as("keys per master %s", java.util.Arrays.toString(keys)).isGreaterThan(100); // SETs on every master
        assertThat(r.all()).doesNotContain("MOVED").doesNotContain("CROSSSLOT");
    }

    @Test
    void cleanRemovesThePrefixOnEveryMasterAndNothingElse() throws Exception {
        for (int i = 0; i < 3; i++) {
            // a key of somebody else's on each master (each node accepts only keys of its own slots: find one)
            for (int k = 0; ; k++) {
                String key = "foreign:" + i + ":" + k;
                if (cluster.node(i).clusterKeyslot(key) >= new long[] {0, 5461, 10923}[i]
                        && cluster.node(i).clusterKeyslot(key) <= new long[] {5460, 10922, 16383}[i]) {
                    cluster.node(i).set(key, "keep");
                    break;
                }
            }
        }
        Path config = config("clean.yaml", true);
        Cli seed = Cli.run(env(), "run", "--scenarios", "cache-latency", "--time-scale", "0.02", "--config", config.toString(),
                "--output", dir.resolve("seed").toString());
        assertThat(seed.code()).as(seed.all()).isIn(0, 1);
        long before = 0;
        for (int i = 0; i < 3; i++) before += countPrefix(i);
        assertThat(before).isPositive();
        Cli c = Cli.run(env(), "clean", "--config", config.toString());
        assertThat(c.code()).as(c.all()).isZero();
        assertThat(c.out()).contains("unlinked " + before);
        for (int i = 0; i < 3; i++) {
            assertThat(countPrefix(i)).isZero();
            assertThat(cluster.node(i).keys("foreign:*")).hasSize(1);
        }
    }

    private static long countPrefix(int node) {
        long n = 0;
        for (String k : cluster.node(node).keys("*")) if (k.startsWith(PREFIX)) n++;
        return n;
    }
}
