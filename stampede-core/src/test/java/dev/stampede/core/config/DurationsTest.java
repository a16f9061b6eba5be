package dev.stampede.core.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {
    @Test
    void parsesUnitsAndCompounds() {
        assertThat(Durations.parse("30s", 1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("5m", 1)).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("1h", 1)).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("250ms", 1)).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("1m30s", 1)).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void bareNumbersUseTheGivenUnit() {
        assertThat(Durations.parse("15", 60)).isEqualTo(Duration.ofMinutes(15));
        assertThat(Durations.parse("2.5", 1)).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void rejectsNegativeAndGarbageWithAHint() {
        assertThatThrownBy(() -> Durations.parse("-5s", 1)).hasMessageContaining("negative");
        assertThatThrownBy(() -> Durations.parse("5 minutes", 1)).hasMessageContaining("30s, 5m");
        assertThatThrownBy(() -> Durations.parse("5x", 1)).hasMessageContaining("not a duration");
    }

    @Test
    void formatsShort() {
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(Durations.format(Duration.ofHours(1))).isEqualTo("1h");
    }

    @Test
    void formatKeepsMillisecondsAndSubSecondParts() {
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1s500ms");
        assertThat(Durations.format(Duration.ofMillis(2500))).isEqualTo("2s500ms");
        assertThat(Durations.format(Duration.ofMillis(90_001))).isEqualTo("1m30s1ms");
        assertThat(Durations.format(Duration.ofNanos(250_000))).isEqualTo("0.25ms");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    }

    @Test
    void formatRoundTripsThroughParse() {
        long[] millis = {1, 999, 1000, 1001, 1500, 59_999, 60_000, 61_500, 3_599_999, 3_600_000, 3_600_001, 5_432_109, 86_400_123};
        for (long ms : millis) {
            Duration d = Duration.ofMillis(ms);
            assertThat(Durations.parse(Durations.format(d), 1)).as("%d ms as %s", ms, Durations.format(d)).isEqualTo(d);
        }
        Duration odd = Duration.ofSeconds(7261, 123_456_789);
        assertThat(Durations.parse(Durations.format(odd), 1)).isEqualTo(odd);
    }

    @Test
    void parsesFractionsExactly() {
        assertThat(Durations.parse("1500ms", 1)).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("1.5s", 1)).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("0.1s", 1)).isEqualTo(Duration.ofMillis(100));
        assertThat(Durations.parse("0.025", 60)).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("1s500ms", 1)).isEqualTo(Duration.ofMillis(1500));
    }
}
