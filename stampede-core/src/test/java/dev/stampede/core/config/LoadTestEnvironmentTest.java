package dev.stampede.core.config;

import dev.stampede.core.target.TargetRegistry;
import dev.stampede.core.target.TestProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Seed 003's LOAD_TEST_USERS, LOAD_TEST_SPAWN_RATE and LOAD_TEST_RUN_TIME: above the file, below the flags. */
class LoadTestEnvironmentTest {
    private static final TargetRegistry REGISTRY = new TargetRegistry(List.of(new TestProvider()));
    private final List<String> notes = new ArrayList<>();
    @TempDir
    Path dir;

    private RunConfig bind(Path file, Map<String, String> env, List<ConfigBinder.Setting> flags) {
        return ConfigBinder.bind(ConfigBinder.layer(file, env, flags, notes, REGISTRY), notes, REGISTRY);
    }

    @Test
    void usersRunTimeAndSpawnRateBecomeTheLoadOverrides() {
        RunConfig c = bind(null, Map.of("LOAD_TEST_USERS", "200", "LOAD_TEST_SPAWN_RATE", "20", "LOAD_TEST_RUN_TIME", "10m"), List.of());
        assertThat(c.overrides().connections()).isEqualTo(200);
        assertThat(c.overrides().duration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.overrides().rampUp()).as("200 users at 20/s").isEqualTo(Duration.ofSeconds(10));
        assertThat(notes).anyMatch(n -> n.contains("LOAD_TEST_SPAWN_RATE=20") && n.contains("10s"));
    }

    @Test
    void bareRunTimeIsSecondsAsLocustsAndCompoundFormsWork() {
        assertThat(bind(null, Map.of("LOAD_TEST_RUN_TIME", "90"), List.of()).overrides().duration()).isEqualTo(Duration.ofSeconds(90));
        assertThat(bind(null, Map.of("LOAD_TEST_RUN_TIME", "1h30m"), List.of()).overrides().duration()).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void flagsWinAndTheSpawnRateUsesTheUsersOfAnyLayer() throws Exception {
        RunConfig c = bind(null, Map.of("LOAD_TEST_USERS", "200", "LOAD_TEST_SPAWN_RATE", "20"),
                List.of(new ConfigBinder.Setting("load.connections", 30, "--connections")));
        assertThat(c.overrides().connections()).isEqualTo(30);
        assertThat(c.overrides().rampUp()).as("30 users at 20/s").isEqualTo(Duration.ofMillis(1500));
        RunConfig r = bind(null, Map.of("LOAD_TEST_USERS", "200", "LOAD_TEST_SPAWN_RATE", "20"),
                List.of(new ConfigBinder.Setting("load.ramp_up", "3s", "--ramp-up")));
        assertThat(r.overrides().rampUp()).isEqualTo(Duration.ofSeconds(3));
        Path f = Files.writeString(dir.resolve("c.yaml"), "load:\n  connections: 7\n");
        assertThat(bind(f, Map.of("LOAD_TEST_SPAWN_RATE", "2"), List.of()).overrides().rampUp()).isEqualTo(Duration.ofMillis(3500));
        assertThat(bind(f, Map.of("LOAD_TEST_USERS", "12"), List.of()).overrides().connections()).as("environment over file").isEqualTo(12);
    }

    @Test
    void badValuesNameTheVariableAndTheFix() {
        assertThatThrownBy(() -> bind(null, Map.of("LOAD_TEST_SPAWN_RATE", "fast", "LOAD_TEST_USERS", "5"), List.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("LOAD_TEST_SPAWN_RATE 'fast'").hasMessageContaining("positive number");
        assertThatThrownBy(() -> bind(null, Map.of("LOAD_TEST_SPAWN_RATE", "5"), List.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("set LOAD_TEST_USERS");
        assertThatThrownBy(() -> bind(null, Map.of("LOAD_TEST_USERS", "many"), List.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("LOAD_TEST_USERS");
        assertThatThrownBy(() -> bind(null, Map.of("LOAD_TEST_RUN_TIME", "soon"), List.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("LOAD_TEST_RUN_TIME");
    }
}
