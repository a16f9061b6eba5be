package dev.stampede.postgres;

import dev.stampede.core.config.ConfigBinder;
import dev.stampede.core.config.ConfigException;
import dev.stampede.core.config.PlanBuilder;
import dev.stampede.core.config.PlannedScenario;
import dev.stampede.core.config.RunConfig;
import dev.stampede.core.config.Thresholds;
import dev.stampede.core.engine.LoadModel;
import dev.stampede.core.target.TargetRegistry;
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

/** The configuration binder with the PostgreSQL target's section: the database settings users know from the seeds. */
class PgConfigBindingTest {
    private static final TargetRegistry REGISTRY = new TargetRegistry(List.of(new PostgresTargetProvider()));
    @TempDir
    Path dir;

    private RunConfig bind(Path file, Map<String, String> env, List<ConfigBinder.Setting> flags) {
        List<String> notes = new ArrayList<>();
        return ConfigBinder.bind(ConfigBinder.layer(file, env, flags, notes, REGISTRY), notes, REGISTRY);
    }

    private static DatabaseConfig db(RunConfig c) {
        return c.target(PostgresTargetProvider.NAME, DatabaseConfig.class);
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void defaultsAreTheSeedsValues() {
        RunConfig c = bind(null, Map.of(), List.of());
        assertThat(c.selected()).containsExactly("baseline");
        assertThat(c.thresholds().maxP95ResponseTimeMs()).isEqualTo(1000.0);
        assertThat(c.workload().readWriteRatio()).isEqualTo(0.7);
        assertThat(db(c).url()).isNull();
        assertThat(c.scenarios().get("stress").connections()).isEqualTo(200);
        assertThat(c.scenarios().get("endurance").duration()).isEqualTo(Duration.ofMinutes(60));
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsFileWhichBeatsDefaults() throws IOException {
        Path f = write("c.yaml", "database:\n  pool_size: 5\n  max_overflow: 1\n  url: postgresql://file@h/db\n");
        RunConfig fileOnly = bind(f, Map.of(), List.of());
        assertThat(db(fileOnly).poolSize()).isEqualTo(5);
        RunConfig withEnv = bind(f, Map.of("DB_POOL_SIZE", "7", "DATABASE_URL", "postgresql://env@h/db"), List.of());
        assertThat(db(withEnv).poolSize()).isEqualTo(7);
        assertThat(db(withEnv).maxOverflow()).isEqualTo(1);
        assertThat(db(withEnv).url()).isEqualTo("postgresql://env@h/db");
        RunConfig withFlag = bind(f, Map.of("DB_POOL_SIZE", "7"),
                List.of(new ConfigBinder.Setting("database.pool_size", 9, "--pool-size")));
        assertThat(db(withFlag).poolSize()).isEqualTo(9);
    }

    @Test
    void environmentNamesFromSeed000AreRead() {
        RunConfig c = bind(null, Map.of("DB_MAX_OVERFLOW", "30", "DB_POOL_RECYCLE", "3600", "TEST_TIMEOUT", "300",
                "MAX_WORKERS", "20"), List.of());
        assertThat(db(c).maxOverflow()).isEqualTo(30);
        assertThat(db(c).poolRecycle()).isEqualTo(Duration.ofHours(1));
        assertThat(c.testTimeout()).isEqualTo(Duration.ofSeconds(300));
        assertThat(c.maxWorkers()).isEqualTo(20);
    }

    @Test
    void badEnvironmentValueNamesTheVariable() {
        assertThatThrownBy(() -> bind(null, Map.of("DB_POOL_SIZE", "lots"), List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("database.pool_size").hasMessageContaining("'lots'")
                .hasMessageContaining("environment DB_POOL_SIZE").hasMessageContaining("whole number");
    }

    @Test
    void malformedYamlGivesLineAndColumn() throws IOException {
        Path f = write("bad.yaml", "database:\n  pool_size: 5\n   schema: [oops\n");
        assertThatThrownBy(() -> bind(f, Map.of(), List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("bad.yaml").hasMessageContaining("line 3").hasMessageContaining("column");
    }

    @Test
    void malformedJsonGivesLineAndColumn() throws IOException {
        Path f = write("bad.json", "{\n  \"run\": {\"time_scale\": 1,,}\n}\n");
        assertThatThrownBy(() -> bind(f, Map.of(), List.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("line 2").hasMessageContaining("JSON");
    }

    @Test
    void unknownKeySuggestsTheClosest() throws IOException {
        Path f = write("c.yaml", "database:\n  pool_sise: 5\n");
        assertThatThrownBy(() -> bind(f, Map.of(), List.of()))
                .hasMessageContaining("database.pool_sise").hasMessageContaining("did you mean 'pool_size'");
    }

    @Test
    void driverDefaultsToJdbcAndTakesWireFromTheFileOrSet() throws IOException {
        assertThat(db(bind(null, Map.of(), List.of())).driver()).isEqualTo("jdbc");
        assertThat(db(bind(write("d.yaml", "database:\n  driver: wire\n"), Map.of(), List.of())).wire()).isTrue();
        assertThat(db(bind(null, Map.of(), List.of(new ConfigBinder.Setting("database.driver", "wire", "--set")))).driver())
                .isEqualTo("wire");
        assertThatThrownBy(() -> bind(null, Map.of(), List.of(new ConfigBinder.Setting("database.driver", "libpq", "--set"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("database.driver").hasMessageContaining("'libpq'")
                .hasMessageContaining("jdbc").hasMessageContaining("wire");
    }

    @Test
    void negativeDurationIsRejected() {
        assertThatThrownBy(() -> bind(null, Map.of(), List.of(new ConfigBinder.Setting("load.duration", "-5s", "--duration"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("negative").hasMessageContaining("--duration");
    }

    @Test
    void unknownScenarioListsTheKnownOnes() {
        assertThatThrownBy(() -> bind(null, Map.of(), List.of(new ConfigBinder.Setting("run.scenarios", List.of("baselne"), "--scenarios"))))
                .hasMessageContaining("unknown scenario 'baselne'").hasMessageContaining("did you mean 'baseline'")
                .hasMessageContaining("stress");
    }

    @Test
    void seedConfigKeysAreUnderstood() throws IOException {
        Path f = write("seed.json", """
                {"database": {"host": "db.local", "port": 5433, "database": "hokm_game", "user": "postgres", "password": "pw"},
                 "load_profile": {"concurrent_connections": 50, "queries_per_second_target": 1000,
                                  "read_write_ratio": 0.8, "duration_minutes": 10},
                 "performance_thresholds": {"max_avg_query_time_ms": 50, "max_p95_query_time_ms": 100, "max_error_rate_percent": 1.0},
                 "test_scenarios": {"baseline_performance": {"enabled": true, "concurrent_connections": 20, "duration_minutes": 5},
                                    "peak_load": {"enabled": false, "concurrent_connections": 100, "duration_minutes": 15}},
                 "output_dir": "out", "test_timeout": 300, "max_workers": 20}
                """);
        RunConfig c = bind(f, Map.of(), List.of());
        assertThat(db(c).url()).isEqualTo("postgresql://postgres:pw@db.local:5433/hokm_game");
        assertThat(c.overrides().connections()).isEqualTo(50);
        assertThat(c.overrides().qpsTarget()).isEqualTo(1000.0);
        assertThat(c.overrides().duration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.thresholds().maxAvgResponseTimeMs()).isEqualTo(50.0);
        assertThat(c.selected()).containsExactly("baseline");
        assertThat(c.outputDir()).isEqualTo(Path.of("out"));
        assertThat(c.maxWorkers()).isEqualTo(20);
    }

    @Test
    void customWorkloadNeedsStatements() {
        assertThatThrownBy(() -> bind(null, Map.of(), List.of(new ConfigBinder.Setting("workload.type", "custom", "--workload"))))
                .hasMessageContaining("workload.statements");
    }

    @Test
    void planAppliesOverridesTimeScaleAndCap() {
        RunConfig c = bind(null, Map.of("MAX_WORKERS", "30"), List.of(
                new ConfigBinder.Setting("run.scenarios", List.of("baseline", "stress"), "--scenarios"),
                new ConfigBinder.Setting("run.time_scale", 0.1, "--time-scale")));
        List<String> notes = new ArrayList<>();
        List<PlannedScenario> plans = PlanBuilder.build(c, notes);
        assertThat(plans).hasSize(2);
        assertThat(plans.get(0).plan().plannedDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(((LoadModel.Closed) plans.get(1).plan().phases().get(0).model()).users()).isEqualTo(30);
        assertThat(notes).anyMatch(n -> n.contains("capped at max_workers = 30"));
    }

    @Test
    void querySetExpandsAndScenariosCarryTheirWorkloadAndQueryTargets() throws IOException {
        Path f = write("q.yaml", "thresholds:\n  query_targets:\n    get_account: {target_ms: 20}\n"
                + "scenarios:\n  mine: {workload: repository, operations: [crud], duration: 10s}\n");
        RunConfig c = bind(f, Map.of(), List.of(new ConfigBinder.Setting("run.scenarios", List.of("query-performance", "mine"), "--scenarios")));
        assertThat(c.selected()).startsWith("financial", "repo-crud").endsWith("repo-writes-c20", "mine");
        assertThat(c.thresholds().queryTargets().get("get_account")).isEqualTo(new Thresholds.QueryTarget(20, 40));
        assertThat(c.thresholds().queryTargets().get("create_user").targetMs()).isEqualTo(50);
        List<PlannedScenario> plans = PlanBuilder.build(c, new ArrayList<>());
        PlannedScenario mine = plans.get(plans.size() - 1);
        assertThat(mine.workload().type()).isEqualTo("repository");
        assertThat(mine.workload().operations()).containsExactly("crud");
        assertThat(plans.get(0).workload().type()).isEqualTo("financial");
    }

    @Test
    void qpsTargetSwitchesToTheOpenModel() {
        RunConfig c = bind(null, Map.of(), List.of(new ConfigBinder.Setting("load.qps_target", 500.0, "--qps-target"),
                new ConfigBinder.Setting("load.connections", 8, "--connections")));
        PlannedScenario p = PlanBuilder.build(c, new ArrayList<>()).get(0);
        assertThat(p.plan().phases().get(0).model()).isEqualTo(
                new LoadModel.Open(500, dev.stampede.core.engine.ArrivalProcess.CONSTANT, 8));
    }
}
