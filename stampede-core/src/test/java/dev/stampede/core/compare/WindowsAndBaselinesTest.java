package dev.stampede.core.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampede.core.config.ConfigException;
import dev.stampede.core.report.RunReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Windows in report.json and baselines, the windowed comparison, and baseline files of another format version. */
class WindowsAndBaselinesTest {
    @TempDir
    Path dir;

    /** A report of one run of scenario {@code quick} whose op {@code q} has p50 {@code base} and its windows {@code windows}. */
    private static String report(double base, double... windows) {
        StringBuilder w = new StringBuilder();
        for (int i = 0; i < windows.length; i++) {
            w.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "{\"index\": %d, \"operations\": [%s]}", i + 1, op("q", windows[i])));
        }
        String extras = windows.length == 0 ? "{}" : "{\"windows\": {\"count\": " + windows.length + ", \"windows\": [" + w + "]}}";
        return "{\"schema_version\": " + RunReport.SCHEMA_VERSION + ", \"version\": \"x\", \"config_hash\": \"h\", \"target\": {}, "
                + "\"scenarios\": [{\"name\": \"quick\", \"operations\": [" + op("q", base) + "], \"extras\": " + extras + "}]}";
    }

    private static String op(String name, double p50) {
        return String.format(Locale.ROOT, "{\"name\": \"%s\", \"attempts\": 100, \"ok\": 100, \"failed\": 0, \"unknown\": 0, "
                + "\"throughput_per_sec\": 50, \"latency\": {\"p50_ms\": %s, \"p95_ms\": %s, \"p99_ms\": %s, \"mean_ms\": %s}}",
                name, p50, p50 * 2, p50 * 3, p50);
    }

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void windowsAreASecondSetOfSamplesAndComparedWhenAsked() throws Exception {
        Measurements base = BaselineStore.read(write("a.json", report(10, 10.0, 10.1, 9.9, 10.2, 10.05)), "a");
        Measurements slow = BaselineStore.read(write("b.json", report(13, 13.0, 13.2, 12.9, 13.1, 13.05)), "b");
        assertThat(base.runs()).isEqualTo(1);
        assertThat(base.windows().runs()).isEqualTo(5);
        assertThat(base.windows().values().get(new Measurements.Key("quick", "q", Metric.P50))).containsExactly(10.0, 10.1, 9.9, 10.2, 10.05);

        Comparer comparer = new Comparer(CompareRules.defaults());
        Comparison whole = comparer.compare(base, slow);
        ComparisonRow wholeP50 = whole.rows().stream().filter(r -> r.metric().equals("p50")).findFirst().orElseThrow();
        assertThat(wholeP50.method()).contains("single run each side");

        Comparison windowed = comparer.compareWindows(base, slow);
        ComparisonRow p50 = windowed.rows().stream().filter(r -> r.metric().equals("p50")).findFirst().orElseThrow();
        assertThat(p50.verdict()).isEqualTo(Change.REGRESSION);
        assertThat(p50.method()).contains("Mann-Whitney exact");
        assertThat(p50.baselineRuns()).isEqualTo(5);
        assertThat(windowed.notes().get(0)).contains("samples are windows, not runs", "independent", "--repeat");
        assertThat(windowed.rows()).noneMatch(r -> r.metric().equals("memory"));
    }

    @Test
    void aSideWithoutWindowsIsBadInputWhenWindowsAreAsked() throws Exception {
        Measurements with = BaselineStore.read(write("a.json", report(10, 10, 10, 10)), "a");
        Measurements without = BaselineStore.read(write("b.json", report(10)), "b");
        assertThatThrownBy(() -> new Comparer(CompareRules.defaults()).compareWindows(with, without))
                .isInstanceOf(ConfigException.class).hasMessageContaining("b has no windows").hasMessageContaining("--windows K");
    }

    @Test
    void aSavedBaselineKeepsTheWindowsAndSeveralReportsPoolThem() throws Exception {
        Measurements one = BaselineStore.read(write("a.json", report(10, 10.0, 10.1)), "a");
        Measurements two = BaselineStore.read(write("b.json", report(11, 11.0, 11.1)), "b");
        BaselineStore store = new BaselineStore(dir.resolve("baselines"));
        store.save("ref", Measurements.merge(List.of(one, two)));
        Measurements back = store.load("ref");
        assertThat(back.runs()).isEqualTo(2);
        assertThat(back.values().get(new Measurements.Key("quick", "q", Metric.P50))).containsExactly(10.0, 11.0);
        assertThat(back.windows().runs()).isEqualTo(4);
        assertThat(back.windows().values().get(new Measurements.Key("quick", "q", Metric.P50))).containsExactly(10.0, 10.1, 11.0, 11.1);
        // without windows in the reports, none in the baseline
        store.save("plain", BaselineStore.read(write("c.json", report(10)), "c"));
        assertThat(store.load("plain").windows()).isNull();
        assertThat(new ObjectMapper().readTree(dir.resolve("baselines").resolve("plain.json").toFile()).has("window_values")).isFalse();
    }

    @Test
    void aBaselineOfAnotherFormatVersionIsRefusedWithTheFix() throws Exception {
        Path f = write("future.json", "{\"stampede_baseline\": 2, \"values\": []}");
        assertThatThrownBy(() -> new BaselineStore(dir).load(f.toString())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("format version 2").hasMessageContaining("reads version 1").hasMessageContaining("save the baseline again");
    }
}
