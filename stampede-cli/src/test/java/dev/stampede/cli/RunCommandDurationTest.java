package dev.stampede.cli;

import dev.stampede.core.config.ConfigBinder;
import dev.stampede.core.config.ConfigException;
import dev.stampede.core.config.RunConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --duration} reaches the bound configuration exactly as given, milliseconds included. */
class RunCommandDurationTest {
    private static Duration bound(String flag) {
        RunCommand cmd = new RunCommand();
        cmd.duration = flag;
        RunConfig c = ConfigBinder.load(null, Map.of(), cmd.settings(), dev.stampede.core.target.TargetRegistry.discover());
        return c.overrides().duration();
    }

    @Test
    void keepsMillisecondPrecision() {
        assertThat(bound("1500ms")).isEqualTo(Duration.ofMillis(1500));
        assertThat(bound("2.5s")).isEqualTo(Duration.ofMillis(2500));
        assertThat(bound("1m30s250ms")).isEqualTo(Duration.ofMillis(90_250));
    }

    @Test
    void bareNumberIsMinutes() {
        assertThat(bound("15")).isEqualTo(Duration.ofMinutes(15));
        assertThat(bound("0.5")).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void rejectsZeroAndGarbage() {
        assertThatThrownBy(() -> bound("0s")).isInstanceOf(ConfigException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> bound("soon")).isInstanceOf(ConfigException.class).hasMessageContaining("--duration");
    }
}
