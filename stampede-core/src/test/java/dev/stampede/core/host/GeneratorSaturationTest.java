package dev.stampede.core.host;

import dev.stampede.core.engine.MonitorSeries;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class GeneratorSaturationTest {
    private static List<MonitorSeries> series(double[] seconds, double own, double host) {
        List<MonitorSeries.Point> points = new ArrayList<>();
        for (double s : seconds) points.add(new MonitorSeries.Point(s, Map.of("process_cpu_percent", own, "machine_cpu_percent", host)));
        return List.of(new MonitorSeries("generator", points, null, Set.of()));
    }

    private static final double[] ON_TIME = {1, 2, 3, 4, 5, 6};

    @Test
    void aLightGeneratorOnABusyHostIsNotSaturated() {
        assertThat(GeneratorSaturation.check(series(ON_TIME, 15, 100), 2)).isEmpty();
    }

    @Test
    void aBusyGeneratorOnAFullHostIs() {
        var v = GeneratorSaturation.check(series(ON_TIME, 60, 100), 2);
        assertThat(v).isPresent();
        assertThat(v.get().reason()).contains("5 of 5 seconds", "not the server's");
    }

    @Test
    void aBusyGeneratorWithIdleCpuLeftIsNot() {
        assertThat(GeneratorSaturation.check(series(ON_TIME, 60, 70), 2)).isEmpty();
    }

    @Test
    void aGeneratorThatTakesEveryCoreIsSaturatedWhateverTheHostSays() {
        assertThat(GeneratorSaturation.check(series(ON_TIME, 95, 50), 2)).isPresent();
    }
}
