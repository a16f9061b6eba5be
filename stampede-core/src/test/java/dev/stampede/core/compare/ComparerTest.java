package dev.stampede.core.compare;

import dev.stampede.core.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ComparerTest {
    private static final Comparer DEFAULT = new Comparer(CompareRules.defaults());

    private static Measurements side(String source, Map<String, Object> env, Object... opMetricValues) {
        Map<Measurements.Key, List<Double>> v = new LinkedHashMap<>();
        int runs = 0;
        for (int i = 0; i < opMetricValues.length; i += 3) {
            @SuppressWarnings("unchecked") List<Double> values = (List<Double>) opMetricValues[i + 2];
            v.put(new Measurements.Key("s", (String) opMetricValues[i], (Metric) opMetricValues[i + 1]), values);
            runs = Math.max(runs, values.size());
        }
        return new Measurements(source, runs, env, v);
    }

    private static Measurements side(Object... opMetricValues) {
        return side("x", Map.of(), opMetricValues);
    }

    @Test
    void fiveRunsThirtyPercentSlowerIsASignificantRegressionWithTheExactSmallestP() {
        List<Double> base = List.of(10.0, 10.2, 9.9, 10.1, 10.05);
        List<Double> slow = base.stream().map(x -> x * 1.3).toList();
        Comparison c = DEFAULT.compare(side("a", Metric.P50, base), side("a", Metric.P50, slow));
        ComparisonRow r = c.rows().get(0);
        assertThat(r.verdict()).isEqualTo(Change.REGRESSION);
        assertThat(r.pValue()).isCloseTo(1.0 / 252, within(1e-12));   // every current run above every baseline run
        assertThat(r.changePercent()).isCloseTo(30.0, within(1e-9));
        assertThat(r.ratioLow()).isGreaterThan(1.2).isLessThanOrEqualTo(1.3);
        assertThat(r.ratioHigh()).isGreaterThanOrEqualTo(1.3).isLessThan(1.45);
        assertThat(c.verdict()).isEqualTo(Change.REGRESSION);
        assertThat(r.method()).contains("exact");
    }

    @Test
    void threePercentSlowerIsSignificantButBelowTheThresholdSoNoChange() {
        List<Double> base = List.of(10.0, 10.2, 9.9, 10.1, 10.05);
        Comparison c = DEFAULT.compare(side("a", Metric.P95, base), side("a", Metric.P95, base.stream().map(x -> x * 1.03).toList()));
        assertThat(c.rows().get(0).verdict()).isEqualTo(Change.NO_CHANGE);
        assertThat(c.rows().get(0).reason()).contains("within the threshold");
    }

    @Test
    void pastTheThresholdButOverlappingRunsIsNotSignificant() {
        List<Double> base = List.of(10.0, 30.0, 9.0, 31.0, 10.0);
        List<Double> cur = List.of(12.0, 29.0, 11.0, 33.0, 14.0);
        ComparisonRow r = DEFAULT.compare(side("a", Metric.P99, base), side("a", Metric.P99, cur)).rows().get(0);
        assertThat(r.changePercent()).isGreaterThan(20);
        assertThat(r.verdict()).isEqualTo(Change.NO_CHANGE);
        assertThat(r.reason()).contains("not significant");
    }

    @Test
    void throughputDownIsARegressionAndUpAnImprovement() {
        List<Double> base = List.of(100.0, 101.0, 99.0, 100.5, 100.2);
        assertThat(DEFAULT.compare(side("a", Metric.THROUGHPUT, base), side("a", Metric.THROUGHPUT, base.stream().map(x -> x * 0.7).toList()))
                .rows().get(0).verdict()).isEqualTo(Change.REGRESSION);
        Comparison up = DEFAULT.compare(side("a", Metric.THROUGHPUT, base), side("a", Metric.THROUGHPUT, base.stream().map(x -> x * 1.5).toList()));
        assertThat(up.rows().get(0).verdict()).isEqualTo(Change.IMPROVEMENT);
        assertThat(up.verdict()).isEqualTo(Change.IMPROVEMENT);
    }

    @Test
    void singleRunsUseThePlainRuleAndSaySo() {
        Comparison c = DEFAULT.compare(side("a", Metric.P95, List.of(100.0)), side("a", Metric.P95, List.of(121.0)));
        assertThat(c.rows().get(0).verdict()).isEqualTo(Change.REGRESSION);
        assertThat(c.rows().get(0).method()).contains("single run each side: plain 20 % rule");
        assertThat(c.rows().get(0).pValue()).isNull();
        assertThat(c.notes()).anyMatch(n -> n.contains("one run on each side"));
        assertThat(DEFAULT.compare(side("a", Metric.P95, List.of(100.0)), side("a", Metric.P95, List.of(119.0))).verdict())
                .isEqualTo(Change.NO_CHANGE);
    }

    @Test
    void twoRunsASideAreTooFewToDecideSignificance() {
        Comparison c = DEFAULT.compare(side("a", Metric.MEAN, List.of(10.0, 10.1)), side("a", Metric.MEAN, List.of(15.0, 15.1)));
        assertThat(RankStatistics.smallestP(2, 2)).isCloseTo(1.0 / 6, within(1e-12));
        assertThat(c.notes()).anyMatch(n -> n.contains("too few to decide significance"));
        assertThat(c.rows().get(0).method()).contains("too few runs");
        assertThat(c.rows().get(0).verdict()).isEqualTo(Change.REGRESSION);
    }

    @Test
    void exactPValueMatchesTheHandCount() {
        // {10,11,12} against {1,2,3}: U = 9, the most extreme of C(6,3) = 20 equally likely orderings
        assertThat(RankStatistics.pWorse(new double[]{1, 2, 3}, new double[]{10, 11, 12}, true)).isCloseTo(0.05, within(1e-12));
        assertThat(RankStatistics.pWorse(new double[]{1, 2, 3}, new double[]{10, 11, 12}, false)).isCloseTo(1.0, within(1e-12));
        assertThat(RankStatistics.smallestP(5, 5)).isCloseTo(1.0 / 252, within(1e-15));
    }

    @Test
    void bootstrapIsReproducibleFromItsSeed() {
        double[] b = {10, 11, 12, 9, 10.5}, c = {13, 14, 12.5, 13.5, 15};
        double[] one = RankStatistics.ratioInterval(b, c, 7, 2000), two = RankStatistics.ratioInterval(b, c, 7, 2000);
        assertThat(one).containsExactly(two);
        assertThat(one[0]).isLessThanOrEqualTo(13.5 / 10.5).isGreaterThan(1.0);
        assertThat(one[1]).isGreaterThanOrEqualTo(13.5 / 10.5);
    }

    @Test
    void errorRateFromZeroHasAFiniteChange() {
        assertThat(Comparer.change(Metric.ERROR_RATE, 0, 0.5)).isCloseTo(500, within(1e-9));
        assertThat(Comparer.change(Metric.ERROR_RATE, 0, 0)).isZero();
    }

    @Test
    void rulesAreSetPerMetricOperationAndBoth() {
        CompareRules r = CompareRules.parse(List.of("25", "p95=10", "checkout=30", "checkout:p99=5%"), 0.01);
        assertThat(r.percentFor("other", Metric.P50)).isEqualTo(25);
        assertThat(r.percentFor("other", Metric.P95)).isEqualTo(10);
        assertThat(r.percentFor("checkout", Metric.P95)).isEqualTo(30);
        assertThat(r.percentFor("checkout", Metric.P99)).isEqualTo(5);
        assertThat(r.alpha()).isEqualTo(0.01);
        assertThatThrownBy(() -> CompareRules.parse(List.of("x:p42=3"), null)).isInstanceOf(ConfigException.class).hasMessageContaining("unknown metric 'p42'");
        assertThatThrownBy(() -> CompareRules.parse(List.of("p95=fast"), null)).hasMessageContaining("is not a percentage");
    }

    @Test
    void differentScenariosAreBadInputAndEnvironmentDifferencesWarn() {
        Measurements a = side("base", Map.of("cores", 2, "config_hash", "aa"), "q", Metric.P50, List.of(1.0));
        Map<Measurements.Key, List<Double>> other = Map.of(new Measurements.Key("other", "q", Metric.P50), List.of(1.0));
        assertThatThrownBy(() -> DEFAULT.compare(a, new Measurements("cur", 1, Map.of(), other)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("different scenarios");
        Comparison c = DEFAULT.compare(a, side("cur", Map.of("cores", 4, "config_hash", "aa"), "q", Metric.P50, List.of(1.0)));
        assertThat(c.warnings()).containsExactly("environment differs: cores was 2 in the baseline, is 4 now");
    }

    @Test
    void anOperationOnOneSideOnlyHasNoData() {
        Comparison c = DEFAULT.compare(side("q", Metric.P50, List.of(1.0), "gone", Metric.P50, List.of(1.0)), side("q", Metric.P50, List.of(1.0)));
        assertThat(c.rows()).extracting(ComparisonRow::verdict).containsExactly(Change.NO_CHANGE, Change.NO_DATA);
        assertThat(ComparisonText.console(c)).contains("gone").contains("Comparison verdict: NO CHANGE");
    }
}
