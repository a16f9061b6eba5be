package dev.stampede.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Host monitoring (OSHI) and the generator-saturation flag with real load: a light run (a pg_sleep workload) is not
 * flagged; the same run while this JVM (Stampede runs in-process here) spins eight busy threads per core is, in every
 * report. The flag needs the generator process's own CPU at half the host or more, so other work on a shared machine
 * cannot raise it for the light run, and eight spinners per core keep this process above that even beside other
 * busy processes (measured: 57 to 86 % of two cores with six per core and a load average of 8).
 */
class HostMonitorIT {
    static final String SCHEMA = "stampede_it_host";

    @TempDir
    Path dir;

    @AfterAll
    static void dropSchema() throws Exception {
        Cli.dropSchema(SCHEMA);
    }

    private Cli run(Path out) throws Exception {
        Path cfg = dir.resolve("light.yaml");
        Files.writeString(cfg, String.join("\n", "workload:", "  type: custom", "  statements:", "    - name: nap",
                "      sql: SELECT pg_sleep(0.005)", "scenarios:", "  quick:", "    warmup: 0s", ""));
        return Cli.run(Map.of("DATABASE_URL", Cli.PG), "run", "--config", cfg.toString(), "--scenarios", "quick", "--duration", "5s",
                "--connections", "2", "--no-db-monitors", "--schema", SCHEMA, "--output", out.toString(),
                "--monitor-pid", String.valueOf(ProcessHandle.current().pid()));
    }

    /** What the spinners give this process, percent of all cores, over about a second (the JVM's own measure). */
    private static double spinnerShare() throws InterruptedException {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        os.getProcessCpuLoad();
        Thread.sleep(1_200);
        return os.getProcessCpuLoad() * 100;
    }

    /** The generator share the saturation rule needs (GeneratorSaturation.OWN_PERCENT), with a margin. */
    static final class GeneratorSaturationShare {
        static final double NEEDED = dev.stampede.core.host.GeneratorSaturation.OWN_PERCENT + 15;
    }

    private static JsonNode monitor(JsonNode scenario, String name) {
        for (JsonNode m : scenario.get("monitors")) if (m.get("name").asText().equals(name)) return m;
        throw new AssertionError("no monitor " + name + " in " + scenario.get("monitors").findValuesAsText("name"));
    }

    @Test
    void aLightRunIsNotFlaggedAndASaturatedGeneratorIs() throws Exception {
        Path light = dir.resolve("light");
        Cli r = run(light);
        assertThat(r.code()).as(r.all()).isZero();
        JsonNode scenario = new ObjectMapper().readTree(light.resolve("report.json").toFile()).get("scenarios").get(0);
        JsonNode host = monitor(scenario, "host").get("summary");
        for (String series : List.of("cpu_user_percent", "cpu_system_percent", "cpu_steal_percent", "memory_used_percent",
                "disk_read_mb_per_s", "disk_write_mb_per_s", "net_in_mb_per_s", "net_out_mb_per_s")) {
            assertThat(host.has(series)).as(series + " in " + host).isTrue();
        }
        assertThat(host.get("memory_used_percent").get("mean").asDouble()).isBetween(0.1, 100.0);
        JsonNode self = monitor(scenario, "process_" + ProcessHandle.current().pid()).get("summary");
        long heapish = Runtime.getRuntime().totalMemory() / 1_048_576L;
        assertThat(self.get("rss_mb").get("max").asDouble()).isGreaterThan(heapish / 2.0);   // this JVM's RSS holds its heap
        assertThat(self.get("threads").get("max").asDouble()).isGreaterThan(Thread.activeCount() / 2.0);
        assertThat(scenario.get("verdicts").findValuesAsText("metric")).doesNotContain("generator_cpu_saturated");
        assertThat(Files.readString(light.resolve("report.md"))).doesNotContain("saturated");

        Path busy = dir.resolve("busy");
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> spinners = new ArrayList<>();
        for (int i = 0; i < 8 * Runtime.getRuntime().availableProcessors(); i++) {
            Thread t = new Thread(() -> {
                long x = 0;
                while (!stop.get()) x += System.nanoTime() & 1;
                if (x == 42) System.out.print("");
            }, "busy-" + i);
            t.setDaemon(true);
            t.start();
            spinners.add(t);
        }
        Cli saturated;
        try {
            // a machine so busy that even these spinners get little CPU cannot saturate this process: say so and skip
            double share = spinnerShare();
            org.junit.jupiter.api.Assumptions.assumeTrue(share >= GeneratorSaturationShare.NEEDED,
                    "the busy threads got only " + Math.round(share) + " % of the host's CPU (other processes take the rest), "
                            + "too little to saturate the generator; the light run's checks above ran");
            saturated = run(busy);
        } finally {
            stop.set(true);
            for (Thread t : spinners) t.join(5_000);
        }
        // the flag is a warning, not a failure; a starved generator may still miss a latency threshold (exit 1)
        assertThat(saturated.code()).as(saturated.all()).isIn(ExitCodes.PASSED, ExitCodes.THRESHOLDS_FAILED);
        JsonNode s2 = new ObjectMapper().readTree(busy.resolve("report.json").toFile()).get("scenarios").get(0);
        assertThat(s2.get("verdicts").findValuesAsText("metric")).as("generator CPU per second: "
                + monitor(s2, "generator").get("points").findValues("process_cpu_percent") + "; host: "
                + monitor(s2, "host").get("points").findValues("cpu_busy_percent")).contains("generator_cpu_saturated");
        assertThat(s2.get("verdict").asText()).isIn("WARNING", "FAILED");
        assertThat(Files.readString(busy.resolve("report.md"))).contains("load generator's own CPU was saturated");
        assertThat(Files.readString(busy.resolve("junit.xml"))).contains("generator_cpu_saturated");
        assertThat(saturated.out()).contains("saturated");
    }
}
