package dev.stampede.http;

import dev.stampede.core.config.ConfigBinder;
import dev.stampede.core.config.ConfigException;
import dev.stampede.core.config.RunConfig;
import dev.stampede.core.target.TargetRegistry;
import dev.stampede.http.persona.Persona;
import dev.stampede.http.persona.Step;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Locust-style tag selection of persona tasks through the binder, as --tags / --exclude-tags set it, and its bad input. */
class TagSelectionTest {
    private static final TargetRegistry HTTP = new TargetRegistry(List.of(new HttpTargetProvider()));

    private static HttpConfig bind(List<ConfigBinder.Setting> flags) {
        RunConfig c = ConfigBinder.load(null, Map.of(), flags, HTTP);
        return c.target("http", HttpConfig.class);
    }

    private static Set<String> tasks(List<Persona> personas) {
        return personas.stream().flatMap(p -> p.tasks().stream().map(t -> p.name() + ":" + t.name())).collect(Collectors.toSet());
    }

    @Test
    void tagsKeepOnlyTasksWithOneOfThemAndPersonasWithNoneLeftAreDropped() {
        HttpConfig c = bind(List.of(new ConfigBinder.Setting("http.tags", List.of("moves", "health"), "--tags")));
        List<Persona> game = HttpScope.personas(c, true, HttpTargetProvider.WS_WORKLOAD);
        assertThat(tasks(game)).containsExactlyInAnyOrder("player:move", "lobby:health");
        // on_start steps are not tasks: they still run
        assertThat(game.get(0).onStart()).extracting(Step::name).containsExactly("login", "connect", "join");

        List<Persona> stack = HttpScope.personas(bind(List.of(new ConfigBinder.Setting("http.tags", List.of("upload"), "--tags"))), true,
                HttpTargetProvider.WORKLOAD);
        assertThat(tasks(stack)).containsExactly("rate-limit:upload");
    }

    @Test
    void excludeTagsDropTasksWithAnyOfThem() {
        HttpConfig c = bind(List.of(new ConfigBinder.Setting("http.exclude_tags", List.of("watch", "ping"), "--exclude-tags")));
        assertThat(tasks(HttpScope.personas(c, true, HttpTargetProvider.WS_WORKLOAD))).containsExactlyInAnyOrder("player:move", "lobby:health");
        HttpConfig both = bind(List.of(new ConfigBinder.Setting("http.tags", List.of("sessions"), "--tags"),
                new ConfigBinder.Setting("http.exclude_tags", List.of("sessions"), "--exclude-tags")));
        assertThatThrownBy(() -> HttpScope.personas(both, true, HttpTargetProvider.WORKLOAD)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("no persona has a task left");
    }

    @Test
    void anUnknownTagNamesTheFlagTheNearestTagAndTheKnownOnes() {
        assertThatThrownBy(() -> bind(List.of(new ConfigBinder.Setting("http.tags", List.of("mvoes"), "--tags"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown tag 'mvoes'")
                .hasMessageContaining("--tags")
                .hasMessageContaining("did you mean 'moves'?")
                .hasMessageContaining("sessions");
        assertThatThrownBy(() -> bind(List.of(new ConfigBinder.Setting("http.exclude_tags", List.of("nope"), "--exclude-tags"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown tag 'nope' in http.exclude_tags (from --exclude-tags)");
    }

    @Test
    void configuredPersonasAreCheckedAgainstTheirOwnTags(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("c.yaml"), """
                http:
                  base_url: http://127.0.0.1:9
                  personas:
                    - name: p
                      tasks:
                        - {name: a, tags: [x], request: {path: /a}}
                        - {name: b, tags: [y], request: {path: /b}}
                """);
        HttpConfig c = ConfigBinder.load(f, Map.of(), List.of(new ConfigBinder.Setting("http.tags", List.of("y"), "--tags")), HTTP)
                .target("http", HttpConfig.class);
        assertThat(tasks(HttpScope.personas(c, false))).containsExactly("p:b");
        assertThatThrownBy(() -> ConfigBinder.load(f, Map.of(), List.of(new ConfigBinder.Setting("http.tags", List.of("moves"), "--tags")), HTTP))
                .hasMessageContaining("unknown tag 'moves'").hasMessageContaining("tags: x, y");
    }
}
