package dev.stampede.cli;

import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real three-master Redis Cluster on 127.0.0.1 for tests: three {@code redis-server --cluster-enabled yes} processes
 * (the redis-server on PATH, Debian's) on free ports, no persistence, the 16,384 slots split in three ranges
 * ({@code CLUSTER ADDSLOTSRANGE}) and the nodes introduced with {@code CLUSTER MEET}; {@link #start} returns once
 * every node reports {@code cluster_state:ok} and knows all three masters. {@link #close} stops the processes.
 * Not thread-safe.
 */
final class LocalRedisCluster implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private final List<RedisClient> clients = new ArrayList<>();
    private final List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();

    private LocalRedisCluster() {
    }

    static LocalRedisCluster start(Path dir) throws Exception {
        LocalRedisCluster c = new LocalRedisCluster();
        try {
            for (int i = 0; i < 3; i++) c.startNode(dir);
            int[][] ranges = {{0, 5460}, {5461, 10922}, {10923, 16383}};
            for (int i = 0; i < 3; i++) c.node(i).clusterAddSlotsRange(Range.create(ranges[i][0], ranges[i][1]));
            for (int i = 1; i < 3; i++) c.node(0).clusterMeet("127.0.0.1", c.ports.get(i));
            c.awaitOk();
            return c;
        } catch (Exception | Error e) {
            c.close();
            throw e;
        }
    }

    private void startNode(Path dir) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path nodeDir = Files.createDirectories(dir.resolve("node-" + port));
        Process p = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1", "--cluster-enabled", "yes",
                "--cluster-config-file", nodeDir.resolve("nodes.conf").toString(), "--dir", nodeDir.toString(), "--save", "",
                "--appendonly", "no", "--logfile", nodeDir.resolve("redis.log").toString())
                .redirectErrorStream(true).redirectOutput(nodeDir.resolve("stdout.log").toFile()).start();
        processes.add(p);
        ports.add(port);
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
        clients.add(client);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                connections.add(client.connect());
                return;
            } catch (RuntimeException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("redis-server on port " + port + " did not start: " + Files.readString(nodeDir.resolve("stdout.log")), e);
                }
                sleep(50);
            }
        }
    }

    private void awaitOk() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            boolean ok = true;
            for (int i = 0; i < 3; i++) {
                String info = node(i).clusterInfo();
                ok &= info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:3");
            }
            if (ok) return;
            if (System.nanoTime() > deadline) throw new IllegalStateException("the cluster did not reach cluster_state:ok: " + node(0).clusterInfo());
            sleep(100);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Synchronous commands on master {@code i} (0..2), for the test's own checks. */
    RedisCommands<String, String> node(int i) {
        return connections.get(i).sync();
    }

    int port(int i) { return ports.get(i); }

    /** Sum over the three masters of {@code calls} of {@code cmdstat_<command>} in INFO commandstats. */
    long calls(String command) {
        long n = 0;
        for (int i = 0; i < 3; i++) {
            for (String line : node(i).info("commandstats").split("\r?\n")) {
                if (line.startsWith("cmdstat_" + command + ":")) {
                    String calls = line.substring(line.indexOf("calls=") + 6);
                    n += Long.parseLong(calls.substring(0, calls.indexOf(',')));
                }
            }
        }
        return n;
    }

    /** Keys of each master, in node order. */
    long[] keysPerNode() {
        long[] out = new long[3];
        for (int i = 0; i < 3; i++) out[i] = node(i).dbsize();
        return out;
    }

    @Override
    public void close() {
        connections.forEach(StatefulRedisConnection::close);
        clients.forEach(RedisClient::shutdown);
        for (Process p : processes) p.destroy();
        for (Process p : processes) {
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
