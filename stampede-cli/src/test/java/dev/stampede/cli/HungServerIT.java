package dev.stampede.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampede.core.engine.StopReason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7's acceptance test: a server that stops answering in the middle of a run cannot stretch it.
 * At second 12 of a 20 s run every backend of this run's pool is frozen with SIGSTOP (kept frozen until
 * the run has ended, and always resumed with SIGCONT); the run must still end within a bounded time,
 * exit non-zero, write partial reports and count the stuck attempts as unknown. A second test holds a
 * row lock from second 4 of an 8 s run past its end instead.
 *
 * <p>Only this JVM's own connections are touched: the backends are found by the client ports of this
 * process's TCP sockets (/proc/self/fd and /proc/self/net/tcp), because other test runs may share the
 * server and its application_name.
 */
class HungServerIT {
    static final String SCHEMA = "stampede_it_hung";

    @TempDir
    Path dir;

    @AfterAll
    static void dropSchema() throws Exception {
        Cli.dropSchema(SCHEMA);
    }

    /** Local TCP ports of the sockets of process {@code proc} ("self" or a pid). */
    private static Set<Integer> localPorts(String proc) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/" + proc + "/fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) inodes.add(target.substring(8, target.length() - 1));
                } catch (IOException closedMeanwhile) {
                    // the descriptor went away while we listed them
                }
            }
        }
        Set<Integer> ports = new HashSet<>();
        for (String table : List.of("/proc/" + proc + "/net/tcp", "/proc/" + proc + "/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.exists(p)) continue;
            List<String> lines = Files.readAllLines(p);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && inodes.contains(f[9])) {
                    String local = f[1];
                    ports.add(Integer.parseInt(local.substring(local.indexOf(':') + 1), 16));
                }
            }
        }
        return ports;
    }

    /** Backend pids of this process's workload connections (application_name 'stampede'). */
    private static List<Integer> ownWorkloadBackends(Statement s) throws Exception {
        return workloadBackends(s, "self");
    }

    /** Backend pids of the workload connections of process {@code proc}. */
    private static List<Integer> workloadBackends(Statement s, String proc) throws Exception {
        Set<Integer> ports = localPorts(proc);
        List<Integer> pids = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT pid, client_port FROM pg_stat_activity WHERE application_name = 'stampede'")) {
            while (rs.next()) if (ports.contains(rs.getInt(2))) pids.add(rs.getInt(1));
        }
        return pids;
    }

    private static void signal(String sig, List<Integer> pids) throws Exception {
        for (int pid : pids) new ProcessBuilder("kill", "-" + sig, Integer.toString(pid)).inheritIO().start().waitFor();
    }

    /** Waits until the run's pool has {@code n} backends, then returns them and the time they were first all seen. */
    private static List<Integer> awaitPool(Statement s, int n, CompletableFuture<Cli> run) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && !run.isDone()) {
            List<Integer> pids = ownWorkloadBackends(s);
            if (pids.size() >= n) return pids;
            Thread.sleep(50);
        }
        throw new AssertionError("the run's pool never opened " + n + " connections"
                + (run.isDone() ? "; the run ended: " + run.get().all() : ""));
    }

    private CompletableFuture<Cli> start(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--scenarios", "baseline", "--workload", "select-only",
                "--scale", "1", "--connections", "4", "--duration", "20s", "--ramp-up", "0s",
                "--schema", SCHEMA, "--output", out.toString()));
        args.addAll(List.of(extra));
        return CompletableFuture.supplyAsync(() -> Cli.run(Map.of("DATABASE_URL", Cli.PG), args.toArray(String[]::new)));
    }

    private static void assertPartialHungReports(Path out, Cli r) throws IOException {
        assertThat(out.resolve("report.json")).exists();
        assertThat(out.resolve("report.md")).exists();
        JsonNode json = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertThat(json.get("partial").asBoolean()).as(r.all()).isTrue();
        assertThat(json.get("stop_reason").asText()).startsWith(StopReason.TARGET_HUNG.description());
        JsonNode totals = json.get("scenarios").get(0).get("totals");
        assertThat(totals.get("ok").asLong()).isPositive();
        assertThat(totals.get("attempts").asLong())
                .isEqualTo(totals.get("ok").asLong() + totals.get("failed").asLong() + totals.get("unknown").asLong());
        assertThat(Files.readString(out.resolve("report.md"))).contains("Partial");
    }

    @Test
    void aFrozenServerCannotStretchTheRun() throws Exception {
        frozenServer(dir.resolve("frozen"));
    }

    /** The same on the wire driver (database.driver: wire): its sockets are aborted at the stop as the pool's are. */
    @Test
    void aFrozenServerCannotStretchTheRunOnTheWireDriver() throws Exception {
        frozenServer(dir.resolve("frozen-wire"), "--set", "database.driver=wire");
    }

    private void frozenServer(Path out, String... extra) throws Exception {
        List<Integer> frozen = new ArrayList<>();
        try (Connection c = Cli.connect(); Statement s = c.createStatement()) {
            long t0 = System.nanoTime();
            CompletableFuture<Cli> run = start(out, extra);
            try {
                List<Integer> pool = awaitPool(s, 4, run);
                long loadStarted = System.nanoTime();
                Thread.sleep(12_000);
                frozen.addAll(pool);
                signal("STOP", frozen);
                Cli r = run.get(60, TimeUnit.SECONDS);
                double fromLoad = (System.nanoTime() - loadStarted) / 1e9;
                double wall = (System.nanoTime() - t0) / 1e9;
                // 20 s of load, then at most grace 3 s + 1 s + 3 s; loading the data set comes before
                assertThat(fromLoad).as("seconds from the load's start to the end of the run").isLessThan(40);
                assertThat(wall).as("wall time with data loading: " + r.all()).isLessThan(60);
                assertPartialHungReports(out, r);
                JsonNode totals = new ObjectMapper().readTree(out.resolve("report.json").toFile())
                        .get("scenarios").get(0).get("totals");
                // the attempts in flight on the frozen backends: one per user at most
                assertThat(totals.get("unknown").asLong()).isBetween(1L, 4L);
                assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.TARGET_UNREACHABLE);
                assertThat(new ObjectMapper().readTree(out.resolve("report.json").toFile()).get("exit_code").asInt())
                        .isEqualTo(ExitCodes.TARGET_UNREACHABLE);
            } finally {
                signal("CONT", frozen);
                run.cancel(true);
            }
        }
    }

    @Test
    void aLockHeldPastTheEndCannotStretchTheRun() throws Exception {
        Path out = dir.resolve("locked");
        Path cfg = dir.resolve("custom.yaml");
        // a custom workload whose one statement waits on a row lock the test takes at second 12
        Files.writeString(cfg, String.join("\n",
                "workload:",
                "  type: custom",
                "  setup:",
                "    - CREATE TABLE IF NOT EXISTS hung_lock (id int PRIMARY KEY, n int NOT NULL)",
                "    - INSERT INTO hung_lock VALUES (1, 0) ON CONFLICT DO NOTHING",
                "  statements:",
                "    - name: bump",
                "      sql: UPDATE hung_lock SET n = n + 1 WHERE id = 1",
                ""));
        try (Connection c = Cli.connect(); Statement s = c.createStatement();
             Connection locker = Cli.connect()) {
            long t0 = System.nanoTime();
            List<String> args = new ArrayList<>(List.of("run", "--config", cfg.toString(), "--scenarios", "baseline",
                    "--workload", "custom", "--connections", "4", "--duration", "8s", "--ramp-up", "0s",
                    "--no-db-monitors", "--schema", SCHEMA, "--output", out.toString()));
            CompletableFuture<Cli> run = CompletableFuture.supplyAsync(() ->
                    Cli.run(Map.of("DATABASE_URL", Cli.PG), args.toArray(String[]::new)));
            try {
                awaitPool(s, 4, run);
                long loadStarted = System.nanoTime();
                Thread.sleep(4_000);
                locker.setAutoCommit(false);
                try (Statement l = locker.createStatement()) {
                    l.execute(String.format(Locale.ROOT, "SELECT n FROM %s.hung_lock WHERE id = 1 FOR UPDATE", SCHEMA));
                }
                Cli r = run.get(60, TimeUnit.SECONDS);
                assertThat((System.nanoTime() - loadStarted) / 1e9).as(r.all()).isLessThan(40);
                assertThat((System.nanoTime() - t0) / 1e9).isLessThan(60);
                assertPartialHungReports(out, r);
                JsonNode totals = new ObjectMapper().readTree(out.resolve("report.json").toFile())
                        .get("scenarios").get(0).get("totals");
                assertThat(totals.get("unknown").asLong() + totals.get("failed").asLong()).isBetween(1L, 4L);
                assertThat(r.code()).as(r.all()).isNotZero();
            } finally {
                locker.rollback();
                run.cancel(true);
            }
        }
    }

    /**
     * SIGTERM (what {@code timeout} and container runtimes send) while every backend of the run's pool is frozen:
     * the process still ends within the stop bound (grace, interrupt, abort, grace) and writes partial reports.
     */
    @Test
    void sigtermWithAFrozenServerEndsTheRunWithinTheStopBound() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path out = dir.resolve("sigterm");
        Path log = dir.resolve("sigterm.log");
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", cp, "dev.stampede.cli.Main", "run", "--scenarios", "baseline",
                "--workload", "select-only", "--duration", "60s", "--connections", "3", "--ramp-up", "0s",
                "--schema", SCHEMA, "--output", out.toString());
        pb.environment().put("DATABASE_URL", Cli.PG);
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        List<Integer> frozen = new ArrayList<>();
        try (Connection c = Cli.connect(); Statement s = c.createStatement()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline && p.isAlive()) {
                List<Integer> pool = workloadBackends(s, Long.toString(p.pid()));
                if (pool.size() >= 3 && Files.readString(log).contains("Scenario baseline")) {
                    frozen.addAll(pool);
                    break;
                }
                Thread.sleep(50);
            }
            assertThat(frozen).as(Files.readString(log)).hasSize(3);
            Thread.sleep(2_000);
            signal("STOP", frozen);
            Thread.sleep(1_000);
            long termAt = System.nanoTime();
            new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as(Files.readString(log)).isTrue();
            double seconds = (System.nanoTime() - termAt) / 1e9;
            assertThat(seconds).as("seconds from SIGTERM to exit: " + Files.readString(log)).isLessThan(15);
            assertThat(p.exitValue()).isEqualTo(143);   // 128 + SIGTERM: the JVM's exit status after a signal
            JsonNode json = new ObjectMapper().readTree(out.resolve("report.json").toFile());
            assertThat(json.get("partial").asBoolean()).isTrue();
            assertThat(json.get("stop_reason").asText()).contains("interrupted");
            JsonNode totals = json.get("scenarios").get(0).get("totals");
            assertThat(totals.get("unknown").asLong()).isBetween(1L, 3L);
            assertThat(Files.readString(out.resolve("report.md"))).contains("Partial");
        } finally {
            signal("CONT", frozen);
            p.destroyForcibly();
        }
    }
}
