package dev.stampede.cli;

import dev.stampede.core.config.ConfigBinder;
import dev.stampede.core.config.ConfigException;
import dev.stampede.core.config.RunConfig;
import dev.stampede.core.target.TargetRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --tags} / {@code --exclude-tags} reach the http section and its echo; an unknown tag is bad input naming the flag. */
class RunCommandTagsTest {
    private static RunConfig bind(List<String> tags, List<String> exclude, Map<String, String> env) {
        RunCommand cmd = new RunCommand();
        cmd.tags = tags;
        cmd.excludeTags = exclude;
        return ConfigBinder.load(null, env, cmd.settings(), TargetRegistry.discover());
    }

    @Test
    void flagsBecomeHttpTagsAndAreEchoed() {
        RunConfig c = bind(List.of("moves", "health"), List.of("slow"), Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> http = (Map<String, Object>) ConfigEcho.of(c).get("http");
        assertThat(http.get("tags").toString()).isEqualTo("[health, moves]");
        assertThat(http.get("exclude_tags").toString()).isEqualTo("[slow]");
    }

    @Test
    void unknownTagNamesTheFlag() {
        assertThatThrownBy(() -> bind(List.of("mvoes"), null, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown tag 'mvoes' in http.tags (from --tags)").hasMessageContaining("did you mean 'moves'?");
    }

    @Test
    void loadTestEnvironmentIsEchoedAsTheLoadOverridesAndTheHost() {
        RunConfig c = bind(null, null, Map.of("LOAD_TEST_HOST", "http://127.0.0.1:8501", "LOAD_TEST_USERS", "200",
                "LOAD_TEST_SPAWN_RATE", "20", "LOAD_TEST_RUN_TIME", "10m"));
        Map<String, Object> echo = ConfigEcho.of(c);
        assertThat(echo.get("load_overrides")).isEqualTo(Map.of("connections", 200, "duration", "10m", "ramp_up", "10s"));
        @SuppressWarnings("unchecked")
        Map<String, Object> http = (Map<String, Object>) echo.get("http");
        assertThat(http.get("base_url")).isEqualTo("http://127.0.0.1:8501");
    }
}
