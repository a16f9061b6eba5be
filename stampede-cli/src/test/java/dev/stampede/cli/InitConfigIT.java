package dev.stampede.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The sample configuration is written, commented, and valid as written. */
class InitConfigIT {
    @TempDir
    Path dir;

    @Test
    void sampleYamlIsValidAndDefinesItsScenarios() throws Exception {
        Path f = dir.resolve("stampede.yaml");
        Cli w = Cli.run("init-config", f.toString());
        assertThat(w.code()).as(w.all()).isZero();
        assertThat(Files.readString(f)).contains("# Stampede configuration").contains("DB_POOL_SIZE");
        Cli list = Cli.run("scenarios", "--config", f.toString());
        assertThat(list.code()).as(list.all()).isZero();
        assertThat(list.out()).contains("checkout_rush", "two_step", "baseline", "endurance");
    }

    @Test
    void sampleJsonIsValid() {
        Path f = dir.resolve("stampede.json");
        assertThat(Cli.run("init-config", f.toString()).code()).isZero();
        assertThat(Cli.run("scenarios", "--config", f.toString()).code()).isZero();
    }

    @Test
    void refusesToOverwriteWithoutForce() throws Exception {
        Path f = dir.resolve("exists.yaml");
        Files.writeString(f, "mine");
        Cli r = Cli.run("init-config", f.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("already exists", "--force");
        assertThat(Files.readString(f)).isEqualTo("mine");
    }

    @Test
    void helpListsTheExitCodes() {
        Cli r = Cli.run("run", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--qps-target", "--time-scale", "Exit codes:", "130");
    }
}
