package dev.stampede.core.config;

import dev.stampede.core.target.TargetRegistry;
import dev.stampede.core.target.TestProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The binder's target-neutral part: sections by provider, unknown keys with their line, the stack sections, order. */
class ConfigBinderTest {
    private static final TargetRegistry REGISTRY = new TargetRegistry(List.of(new TestProvider()));
    @TempDir
    Path dir;
    private final List<String> notes = new ArrayList<>();

    private RunConfig bind(Path file, Map<String, String> env, List<ConfigBinder.Setting> flags) {
        return ConfigBinder.bind(ConfigBinder.layer(file, env, flags, notes, REGISTRY), notes, REGISTRY);
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void aProviderBindsItsOwnSectionAndEnvironment() throws IOException {
        Path f = write("c.yaml", "memory:\n  size: 5\n");
        RunConfig c = bind(f, Map.of("MEMORY_URL", "mem://x"), List.of());
        assertThat(c.target("memory", TestProvider.Settings.class)).isEqualTo(new TestProvider.Settings("mem://x", 5));
        assertThat(c.workload().type()).isEqualTo("tick");
    }

    @Test
    void unknownTopLevelKeyNamesFileLineAndNearestKey() throws IOException {
        Path f = write("stray.yaml", "run:\n  time_scale: 1\nid: 7\n");
        assertThatThrownBy(() -> bind(f, Map.of(), List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown setting 'id'")
                .hasMessageContaining("stray.yaml, line 3")
                .hasMessageContaining("did you mean 'load'");
        Path far = write("far.yaml", "run:\n  time_scale: 1\nexperimental_flags: 7\n");
        assertThatThrownBy(() -> bind(far, Map.of(), List.of()))
                .hasMessageContaining("far.yaml, line 3").hasMessageContaining("the nearest valid key at the top is")
                .hasMessageContaining("known here: ");
    }

    @Test
    void unknownNestedKeyNamesItsLineAndSuggestion() throws IOException {
        Path f = write("c.yaml", "memory:\n  size: 5\n  sise: 6\n");
        assertThatThrownBy(() -> bind(f, Map.of(), List.of()))
                .hasMessageContaining("memory.sise").hasMessageContaining("c.yaml, line 3").hasMessageContaining("did you mean 'size'");
    }

    @Test
    void unknownKeyInJsonHasItsLineToo() throws IOException {
        Path f = write("c.json", "{\n  \"run\": {\n    \"time_scael\": 1\n  }\n}\n");
        assertThatThrownBy(() -> bind(f, Map.of(), List.of())).hasMessageContaining("c.json, line 3")
                .hasMessageContaining("did you mean 'time_scale'");
    }

    @Test
    void seed000StackKeysAreReadNotDropped() throws IOException {
        Path f = write("seed.json", """
                {"redis_url": "redis://:hunter2@cache:6379", "celery_broker": "redis://cache:6379/0",
                 "thresholds": {"cache_hit_rate": 0.8, "redis_memory_usage_percent": 80, "celery_queue_length": 1000}}
                """);
        RunConfig c = bind(f, Map.of("CELERY_RESULT_BACKEND", "redis://cache:6379/1"), List.of());
        assertThat(c.unclaimed().get("redis")).containsEntry("url", "redis://:****@cache:6379");
        assertThat(c.unclaimed().get("celery")).containsEntry("broker_url", "redis://cache:6379/0")
                .containsEntry("result_backend", "redis://cache:6379/1");
        assertThat(c.thresholds().targetLimits()).containsEntry("min_cache_hit_rate", 0.8)
                .containsEntry("max_redis_memory_usage_percent", 80.0).containsEntry("max_celery_queue_length", 1000.0);
        assertThat(notes).anyMatch(n -> n.contains("'redis' section is set") && n.contains("not tested") && !n.contains("hunter2"));
    }

    @Test
    void providerThresholdKeysAreAccepted() {
        RunConfig c = bind(null, Map.of(), List.of(new ConfigBinder.Setting("thresholds.max_ticks", 9, "--set")));
        assertThat(c.thresholds().targetLimits()).containsEntry("max_ticks", 9.0);
    }

    @Test
    void scenariosKeepTheOrderTheFileWritesThem() throws IOException {
        Path f = write("c.yaml", "scenarios:\n  zeta: {duration: 1s}\n  alpha: {duration: 1s}\n  mid: {duration: 1s}\n"
                + "run:\n  scenarios: [mid, zeta, alpha]\n");
        RunConfig c = bind(f, Map.of(), List.of());
        assertThat(c.selected()).containsExactly("mid", "zeta", "alpha");
        List<String> names = new ArrayList<>(c.scenarios().keySet());
        assertThat(names.subList(names.size() - 3, names.size())).containsExactly("zeta", "alpha", "mid");
        assertThat(names.subList(0, 6)).containsExactly("baseline", "normal", "peak", "stress", "endurance", "quick");
    }

    @Test
    void unknownWorkloadTypeListsTheOffered() {
        assertThatThrownBy(() -> bind(null, Map.of(), List.of(new ConfigBinder.Setting("workload.type", "game", "--workload"))))
                .hasMessageContaining("workload.type").hasMessageContaining("tick");
    }

    @Test
    void theDashboardIsOffByDefaultAndItsPortAndTokenAreChecked() throws IOException {
        assertThat(bind(null, Map.of(), List.of()).dashboardPort()).isNull();
        RunConfig c = bind(write("d.yaml", "run:\n  dashboard: 8089\n  dashboard_token: abcdefghijklmnop-_01\n"), Map.of(), List.of());
        assertThat(c.dashboardPort()).isEqualTo(8089);
        assertThat(c.dashboardToken()).isEqualTo("abcdefghijklmnop-_01");
        assertThat(bind(null, Map.of(), List.of(new ConfigBinder.Setting("run.dashboard", 0, "--dashboard"))).dashboardPort()).isZero();
        assertThatThrownBy(() -> bind(null, Map.of(), List.of(new ConfigBinder.Setting("run.dashboard", 70000, "--dashboard"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("run.dashboard").hasMessageContaining("0 to 65535");
        assertThatThrownBy(() -> bind(null, Map.of(), List.of(new ConfigBinder.Setting("run.dashboard_token", "short", "--set"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("run.dashboard_token").hasMessageNotContaining("short");
    }

    @Test
    void loadTestAndFullAreSets() {
        RunConfig c = bind(null, Map.of(), List.of(new ConfigBinder.Setting("run.scenarios", List.of("load-test"), "--load-test")));
        assertThat(c.selected()).containsExactly("normal", "peak", "stress");
        RunConfig full = bind(null, Map.of(), List.of(new ConfigBinder.Setting("run.scenarios", List.of("full"), "--full")));
        assertThat(full.selected()).containsExactly("baseline", "normal", "peak", "stress", "endurance");
    }

    @Test
    void aPresetRampFollowsTheDurationOverrideAndAnExplicitOneMustFit() {
        RunConfig c = bind(null, Map.of(), List.of(new ConfigBinder.Setting("load.duration", "10s", "--duration")));
        List<PlannedScenario> plans = PlanBuilder.build(c, notes);
        var closed = (dev.stampede.core.engine.LoadModel.Closed) plans.get(0).plan().phases().get(0).model();
        assertThat(closed.rampUp()).isEqualTo(java.time.Duration.ofSeconds(1));   // baseline: 30 s over 5 m -> 1 s over 10 s
        assertThat(notes).anyMatch(n -> n.contains("ramp-up 30s scaled to 1s"));
        RunConfig tooLong = bind(null, Map.of(), List.of(new ConfigBinder.Setting("load.duration", "10s", "--duration"),
                new ConfigBinder.Setting("load.ramp_up", "30s", "--ramp-up")));
        assertThatThrownBy(() -> PlanBuilder.build(tooLong, notes)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("--ramp-up 30s is not shorter than scenario 'baseline' (10s)");
    }

    @Test
    void paceGivesTheClosedModelASchedule() {
        RunConfig c = bind(null, Map.of(), List.of(new ConfigBinder.Setting("load.pace", "100ms", "--pace")));
        var closed = (dev.stampede.core.engine.LoadModel.Closed) PlanBuilder.build(c, notes).get(0).plan().phases().get(0).model();
        assertThat(closed.pace()).isEqualTo(java.time.Duration.ofMillis(100));
        assertThat(closed.paced()).isTrue();
        RunConfig both = bind(null, Map.of(), List.of(new ConfigBinder.Setting("load.pace", "100ms", "--pace"),
                new ConfigBinder.Setting("load.think_time", "50ms", "--think-time")));
        assertThatThrownBy(() -> PlanBuilder.build(both, notes)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("exclusive");
    }

    @Test
    void workloadScriptsIsolationAndTransactionsAreBound() throws IOException {
        Path f = write("w.yaml", """
                workload:
                  type: tick
                  scripts: [tpcb-like, "my.sql@3"]
                  existing_tables: true
                  isolation: repeatable_read
                  statements:
                    - name: transfer
                      transaction: ["SELECT id AS src FROM a WHERE id = :id", "UPDATE a SET n = n + 1 WHERE id = :src"]
                      params: {id: {type: int, min: 1, max: 5}}
                """);
        WorkloadConfig w = bind(f, Map.of(), List.of()).workload();
        assertThat(w.scripts()).containsExactly("tpcb-like", "my.sql@3");
        assertThat(w.existingTables()).isTrue();
        assertThat(w.isolation()).isEqualTo("REPEATABLE READ");
        assertThat(w.statements().get(0).transaction()).hasSize(2);
        assertThat(w.statements().get(0).sql()).isNull();
        assertThat(w.forScenario(null, List.of()).scripts()).containsExactly("tpcb-like", "my.sql@3");
        Path bad = write("b.yaml", "workload:\n  type: tick\n  isolation: snapshot\n");
        assertThatThrownBy(() -> bind(bad, Map.of(), List.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("read committed, repeatable read or serializable");
        Path both = write("both.yaml", "workload:\n  type: tick\n  statements:\n    - {name: x, sql: SELECT 1, transaction: [SELECT 2]}\n");
        assertThatThrownBy(() -> bind(both, Map.of(), List.of())).hasMessageContaining("give one of sql and transaction");
    }
}
