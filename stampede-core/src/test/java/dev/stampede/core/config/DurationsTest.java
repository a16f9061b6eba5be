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
}
