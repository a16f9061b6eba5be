package dev.stampede.core.config;

import dev.stampede.core.engine.LoadModel;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.Stages;
import dev.stampede.core.target.TargetRegistry;
import dev.stampede.core.target.TestProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code stages} and {@code rate_stages} from the config file to the engine's plan, and their mistakes. */
class StagesConfigTest {
    private static final TargetRegistry REGISTRY = new TargetRegistry(List.of(new TestProvider()));
    @TempDir
    Path dir;
    private final List<String> notes = new ArrayList<>();

    private List<PlannedScenario> plan(String yaml, List<ConfigBinder.Setting> flags) throws IOException {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, yaml);
        RunConfig c = ConfigBinder.bind(ConfigBinder.layer(f, Map.of(), flags, notes, REGISTRY), notes, REGISTRY);
        return PlanBuilder.build(c, notes);
    }

    private static final String RAMP = """
            scenarios:
              ramp:
                stages: [{duration: 30s, target: 50}, {duration: 1m, target: 50}, {duration: 30s, target: 0}]
                think_time: 100ms
            run:
              scenarios: [ramp]
            """;

    @Test
    void stagesBecomeRampingUsersAndTheScenarioLastsTheirTotal() throws IOException {
        PhasePlan p = plan(RAMP, List.of()).get(0).plan().phases().get(0);
        assertThat(p.duration()).isEqualTo(Duration.ofMinutes(2));
        LoadModel.Closed c = (LoadModel.Closed) p.model();
        assertThat(c.users()).isEqualTo(50);
        assertThat(c.thinkTime()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.stages().stages()).containsExactly(new Stages.Stage(Duration.ofSeconds(30), 50),
                new Stages.Stage(Duration.ofMinutes(1), 50), new Stages.Stage(Duration.ofSeconds(30), 0));
    }

    @Test
    void aDurationOverrideStretchesEveryStageWithANote() throws IOException {
        PhasePlan p = plan(RAMP, List.of(new ConfigBinder.Setting("load.duration", "1m", "--duration"))).get(0).plan().phases().get(0);
        assertThat(p.duration()).isEqualTo(Duration.ofMinutes(1));
        assertThat(((LoadModel.Closed) p.model()).stages().stages().get(0).duration()).isEqualTo(Duration.ofSeconds(15));
        assertThat(notes).anyMatch(n -> n.contains("stretched") && n.contains("ramp"));
    }

    @Test
    void rateStagesBecomeARampingArrivalRate() throws IOException {
        PhasePlan p = plan("""
                scenarios:
                  burst:
                    connections: 32
                    arrival: poisson
                    start_target: 10
                    rate_stages: [{duration: 10s, target: 200}, {duration: 20s, target: 200}]
                run:
                  scenarios: [burst]
                """, List.of()).get(0).plan().phases().get(0);
        LoadModel.Open o = (LoadModel.Open) p.model();
        assertThat(o.ratePerSecond()).isEqualTo(200);
        assertThat(o.maxInFlight()).isEqualTo(32);
        assertThat(o.rateStages().start()).isEqualTo(10);
        assertThat(p.duration()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void mistakesNameTheKeyAndTheFix() {
        assertThatThrownBy(() -> plan("scenarios:\n  r:\n    duration: 1m\n    stages: [{duration: 10s, target: 5}]\nrun:\n  scenarios: [r]\n", List.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("duration and stages are exclusive");
        assertThatThrownBy(() -> plan("scenarios:\n  r:\n    stages: [{duration: 10s, targt: 5}]\nrun:\n  scenarios: [r]\n", List.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("stages[0].targt").hasMessageContaining("c.yaml, line").hasMessageContaining("did you mean 'target'");
        assertThatThrownBy(() -> plan("scenarios:\n  r:\n    stages: [{duration: 10s}]\nrun:\n  scenarios: [r]\n", List.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("needs a duration and a target");
        assertThatThrownBy(() -> plan("scenarios:\n  r:\n    stages: []\nrun:\n  scenarios: [r]\n", List.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("non-empty list");
        assertThatThrownBy(() -> plan("scenarios:\n  r:\n    start_target: 3\n    duration: 1m\nrun:\n  scenarios: [r]\n", List.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("only with stages");
        assertThatThrownBy(() -> plan(RAMP, List.of(new ConfigBinder.Setting("load.connections", 10, "--connections"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--connections does not apply");
    }
}
