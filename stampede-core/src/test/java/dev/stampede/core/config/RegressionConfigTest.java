package dev.stampede.core.config;

import dev.stampede.core.compare.CompareRules;
import dev.stampede.core.compare.Metric;
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

/** run.repeat, run.metrics_port and the compare section: bound like every other setting, flags over the file. */
class RegressionConfigTest {
    private static final TargetRegistry REGISTRY = new TargetRegistry(List.of(new TestProvider()));
    @TempDir
    Path dir;

    private ConfigTree tree(String yaml, ConfigBinder.Setting... flags) throws IOException {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, yaml);
        List<String> notes = new ArrayList<>();
        ConfigTree t = ConfigBinder.layer(f, Map.of(), List.of(flags), notes, REGISTRY);
        ConfigBinder.bind(t, notes, REGISTRY);   // validates the same keys
        return t;
    }

    @Test
    void theFileSetsEveryKeyAndTheFlagsWin() throws IOException {
        ConfigTree t = tree(String.join("\n", "run:", "  repeat: 5", "  metrics_port: 9464", "compare:", "  baseline: main",
                "  baseline_dir: bl", "  alpha: 0.01", "  windows: 4", "  thresholds:", "    default: 15", "    p95: 10",
                "    checkout: 30", "    \"checkout:p99\": 25", ""),
                new ConfigBinder.Setting("run.repeat", 3, "--repeat"));
        RegressionConfig c = RegressionConfig.bind(t);
        assertThat(c.repeat()).isEqualTo(3);
        assertThat(c.metricsPort()).isEqualTo(9464);
        assertThat(c.baseline()).isEqualTo("main");
        assertThat(c.baselineDir()).isEqualTo(Path.of("bl"));
        assertThat(c.alpha()).isEqualTo(0.01);
        assertThat(c.windows()).isEqualTo(4);
        assertThat(c.interleaved()).isFalse();
        assertThat(c.thresholdsFrom()).contains("c.yaml");

        CompareRules rules = CompareRules.parse(c.thresholds(), c.thresholdsFrom(), List.of("p95=12", "orders=40"), c.alpha());
        assertThat(rules.percentFor("x", Metric.P50)).isEqualTo(15);
        assertThat(rules.percentFor("x", Metric.P95)).isEqualTo(12);        // the flag overrides the file's p95
        assertThat(rules.percentFor("checkout", Metric.P50)).isEqualTo(30);
        assertThat(rules.percentFor("checkout", Metric.P99)).isEqualTo(25);
        assertThat(rules.percentFor("orders", Metric.MEAN)).isEqualTo(40);
        assertThat(rules.alpha()).isEqualTo(0.01);
    }

    @Test
    void defaultsWithoutAnyKey() throws IOException {
        RegressionConfig c = RegressionConfig.bind(tree("run:\n  seed: 1\n"));
        assertThat(c).isEqualTo(RegressionConfig.none());
    }

    @Test
    void anUnknownCompareKeyGetsTheNearestKey() {
        assertThatThrownBy(() -> tree("compare:\n  treshold: 10\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown setting 'compare.treshold'").hasMessageContaining("c.yaml, line 2")
                .hasMessageContaining("did you mean 'thresholds'");
        assertThatThrownBy(() -> tree("run:\n  repaet: 3\n")).hasMessageContaining("did you mean 'repeat'");
        assertThatThrownBy(() -> tree("run:\n  metrics: 3\n")).hasMessageContaining("unknown setting 'run.metrics'");
    }

    @Test
    void badValuesNameTheSettingAndItsSource() {
        assertThatThrownBy(() -> tree("run:\n  repeat: 0\n")).hasMessageContaining("setting 'run.repeat' is 0")
                .hasMessageContaining("from 1 to 1000");
        assertThatThrownBy(() -> tree("run:\n  metrics_port: 70000\n")).hasMessageContaining("run.metrics_port");
        assertThatThrownBy(() -> tree("compare:\n  windows: 1\n")).hasMessageContaining("compare.windows")
                .hasMessageContaining("at least 2");
        assertThatThrownBy(() -> tree("compare:\n  thresholds:\n    p95: fast\n")).hasMessageContaining("compare.thresholds.p95");
        assertThatThrownBy(() -> tree("compare:\n  baseline: main\n  baseline_config: b.yaml\n"))
                .hasMessageContaining("both set");
    }

    @Test
    void aThresholdWithAnUnknownMetricNamesTheConfigEntry() throws IOException {
        RegressionConfig c = RegressionConfig.bind(tree("compare:\n  thresholds:\n    \"checkout:p98\": 10\n"));
        assertThatThrownBy(() -> CompareRules.parse(c.thresholds(), c.thresholdsFrom(), List.of(), null))
                .hasMessageContaining("compare.thresholds 'checkout:p98=10.0'").hasMessageContaining("unknown metric 'p98'")
                .hasMessageContaining("c.yaml");
    }

    @Test
    void aBaselineConfigMeansInterleaved() throws IOException {
        RegressionConfig c = RegressionConfig.bind(tree("compare:\n  baseline_config: base.yaml\n"));
        assertThat(c.interleaved()).isTrue();
        assertThat(c.baselineConfig()).isEqualTo(Path.of("base.yaml"));
    }
}
