package dev.stampede.http;

import dev.stampede.core.config.ConfigException;
import dev.stampede.http.persona.JsonPath;
import dev.stampede.http.persona.Persona;
import dev.stampede.http.persona.PersonaParser;
import dev.stampede.http.persona.Template;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PersonaParserTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void readsPersonasWithStepsChecksFeedersAndTags() throws Exception {
        write("users.csv", "name,password\nann,\"x,1\"\nbob,y\n");
        Path f = write("p.yaml", """
                feeders:
                  users: {csv: users.csv}
                personas:
                  - name: realistic
                    weight: 3
                    feeder: users
                    on_start:
                      - name: login
                        request: {method: POST, path: /login, json: {user: "${users.name}"}}
                        bearer: $.token
                    tasks:
                      - name: a
                        weight: 2
                        tags: [x]
                        request: {path: /a, query: {q: "${rand:1:5}"}}
                        check: {status: [200, 201], json: {"$.items[0].id": "7"}, latency_ms: 50}
                      - name: b
                        tags: [y]
                        request: {path: /b}
                """);
        List<Persona> ps = PersonaParser.file(f);
        assertThat(ps).hasSize(1);
        Persona p = ps.get(0);
        assertThat(p.weight()).isEqualTo(3);
        assertThat(p.onStart()).hasSize(1);
        assertThat(p.onStart().get(0).bearer().toString()).isEqualTo("$.token");
        assertThat(p.tasks()).extracting(s -> s.name()).containsExactly("a", "b");
        assertThat(p.tasks().get(0).check().statuses()).containsExactlyInAnyOrder(200, 201);
        assertThat(p.feeder().size()).isEqualTo(2);
        assertThat(p.feeder().take()).containsEntry("users.name", "ann").containsEntry("users.password", "x,1");
        assertThat(p.select(Set.of("x"), Set.of()).tasks()).extracting(s -> s.name()).containsExactly("a");
        assertThat(p.select(Set.of(), Set.of("x")).tasks()).extracting(s -> s.name()).containsExactly("b");
    }

    @Test
    void retryAfterIsIgnoredByDefaultAndHonouredWithACap() throws Exception {
        Path f = write("ra.yaml", """
                personas:
                  - name: polite
                    retry_after: honour
                    retry_after_max: 2s
                    tasks: [{name: a, request: {path: /a}}]
                  - name: default_cap
                    retry_after: honor
                    tasks: [{name: a, request: {path: /a}}]
                  - name: rude
                    tasks: [{name: a, request: {path: /a}}]
                """);
        List<Persona> ps = PersonaParser.file(f);
        assertThat(ps.get(0).retryAfter().honour()).isTrue();
        assertThat(ps.get(0).retryAfter().maxNanos()).isEqualTo(2_000_000_000L);
        assertThat(ps.get(1).retryAfter().maxNanos()).isEqualTo(60_000_000_000L);
        assertThat(ps.get(2).retryAfter().honour()).isFalse();
        assertThat(ps.get(0).select(Set.of(), Set.of()).retryAfter()).isEqualTo(ps.get(0).retryAfter());
    }

    @Test
    void badRetryAfterSettingsNameTheKeyAndTheFix() throws Exception {
        Path mode = write("m.yaml", """
                personas:
                  - name: p
                    retry_after: obey
                    tasks: [{name: a, request: {path: /a}}]
                """);
        assertThatThrownBy(() -> PersonaParser.file(mode)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("retry_after").hasMessageContaining("ignore (the default) or honour (got 'obey')");
        Path cap = write("c.yaml", """
                personas:
                  - name: p
                    retry_after: honour
                    retry_after_max: forever
                    tasks: [{name: a, request: {path: /a}}]
                """);
        assertThatThrownBy(() -> PersonaParser.file(cap)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("retry_after_max").hasMessageContaining("a duration of at least 1ms");
        Path orphan = write("o.yaml", """
                personas:
                  - name: p
                    retry_after_max: 5s
                    tasks: [{name: a, request: {path: /a}}]
                """);
        assertThatThrownBy(() -> PersonaParser.file(orphan)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("retry_after: honour beside it");
    }

    @Test
    void aNestedValueInAQueryHeaderOrUploadFieldIsRefusedNotSentEmpty() throws Exception {
        Path f = write("n.yaml", """
                personas:
                  - name: p
                    tasks:
                      - name: a
                        request: {method: POST, path: /a, upload: {size: 10, fields: {meta: {k: v}}}}
                """);
        assertThatThrownBy(() -> PersonaParser.file(f)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("upload.fields.meta").hasMessageContaining("a text, number or boolean value");
        Path q = write("q.yaml", """
                personas:
                  - name: p
                    tasks:
                      - name: a
                        request: {path: /a, query: {ids: [1, 2]}}
                """);
        assertThatThrownBy(() -> PersonaParser.file(q)).isInstanceOf(ConfigException.class).hasMessageContaining("query.ids");
    }

    @Test
    void unknownStepKeyNamesLineAndColumn() throws Exception {
        Path f = write("bad.yaml", """
                personas:
                  - name: realistic
                    tasks:
                      - name: a
                        request: {path: /a}
                        chek: {status: 200}
                """);
        assertThatThrownBy(() -> PersonaParser.file(f)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown step 'chek'").hasMessageContaining("line 6, column 9").hasMessageContaining("did you mean 'check'");
    }

    @Test
    void badJsonPathNamesLineAndColumn() throws Exception {
        Path f = write("bad.yaml", """
                personas:
                  - name: realistic
                    tasks:
                      - name: a
                        request: {path: /a}
                        extract: {id: "$.items[x]"}
                """);
        assertThatThrownBy(() -> PersonaParser.file(f)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("bad JSON path '$.items[x]'").hasMessageContaining("line 6, column 23")
                .hasMessageContaining("neither an index");
    }

    @Test
    void missingFeederFileIsNamed() throws Exception {
        Path f = write("p.yaml", """
                feeders:
                  users: {csv: nope.csv}
                personas:
                  - name: r
                    tasks: [{request: {path: /}}]
                """);
        assertThatThrownBy(() -> PersonaParser.file(f)).isInstanceOf(ConfigException.class).hasMessageContaining("nope.csv does not exist");
    }

    @Test
    void referencePersonasParse() {
        List<Persona> ps = PersonaParser.resource(HttpScope.REFERENCE_PERSONAS);
        assertThat(ps).extracting(Persona::name).containsExactly("realistic", "rate-limit", "db-pool");
    }

    @Test
    void jsonPathReadsNamesIndexesAndQuotedNames() throws Exception {
        var root = new ObjectMapper().readTree("{\"a\":{\"b c\":[{\"id\":7},{\"id\":8}]},\"t\":\"x\"}");
        assertThat(JsonPath.compile("$.a['b c'][1].id").readText(root)).isEqualTo("8");
        assertThat(JsonPath.compile("$.t").readText(root)).isEqualTo("x");
        assertThat(JsonPath.compile("$.missing.x").read(root)).isNull();
        assertThatThrownBy(() -> JsonPath.compile("a.b")).hasMessageContaining("starts with '$'");
        assertThatThrownBy(() -> JsonPath.compile("$.a[1")).hasMessageContaining("never closed");
    }

    @Test
    void templatesFillVariablesAndBuiltIns() {
        Template t = Template.compile("/u/${id}/${vu}?r=${rand:3:3}");
        assertThat(t.render(Map.of("id", "a b")::get, new SplittableRandom(1), 9, s -> s.replace(" ", "%20"))).isEqualTo("/u/a%20b/9?r=3");
        assertThatThrownBy(() -> t.render(k -> null, new SplittableRandom(1), 1, s -> s)).hasMessageContaining("needs ${id}");
        assertThatThrownBy(() -> Template.compile("${rand:5:1}")).hasMessageContaining("MIN <= MAX");
    }

    @Test
    void readsWaitTimesInLocustsCallFormAndAsAMapping() throws Exception {
        Path f = write("w.yaml", """
                personas:
                  - name: a
                    wait_time: between(0.5, 2)
                    tasks: [{request: {path: /a}}]
                  - name: b
                    wait_time: {constant_pacing: 2s}
                    tasks: [{request: {path: /b}}]
                  - name: c
                    wait_time: {between: [100ms, 300ms]}
                    tasks: [{request: {path: /c}}]
                  - name: d
                    wait_time: constant(250ms)
                    tasks: [{request: {path: /d}}]
                  - name: e
                    tasks: [{request: {path: /e}}]
                """);
        List<Persona> ps = PersonaParser.file(f);
        assertThat(ps.get(0).waitTime()).hasToString("between(500ms, 2s)");
        assertThat(ps.get(1).waitTime().kind()).isEqualTo(dev.stampede.http.persona.WaitTime.Kind.CONSTANT_PACING);
        assertThat(ps.get(1).waitTime().minNanos()).isEqualTo(2_000_000_000L);
        assertThat(ps.get(2).waitTime().maxNanos()).isEqualTo(300_000_000L);
        assertThat(ps.get(3).waitTime()).hasToString("constant(250ms)");
        assertThat(ps.get(4).waitTime()).isNull();
        assertThat(ps.get(0).select(Set.of(), Set.of()).waitTime()).isEqualTo(ps.get(0).waitTime());
    }

    @Test
    void betweenDrawsWithinItsBoundsAndPacingAsksForAPace() {
        dev.stampede.core.api.OperationContext ctx = new dev.stampede.core.api.OperationContext(new SplittableRandom(3),
                dev.stampede.core.engine.NanoClock.SYSTEM);
        dev.stampede.http.persona.WaitTime between = dev.stampede.http.persona.WaitTime.parse("between(1, 3)");
        long min = Long.MAX_VALUE, max = 0;
        for (int i = 0; i < 1000; i++) {
            between.apply(ctx, ctx.random());
            assertThat(ctx.nextPaced()).isFalse();
            min = Math.min(min, ctx.nextWaitNanos());
            max = Math.max(max, ctx.nextWaitNanos());
        }
        assertThat(min).isBetween(1_000_000_000L, 1_050_000_000L);
        assertThat(max).isBetween(2_950_000_000L, 3_000_000_000L);
        dev.stampede.http.persona.WaitTime.parse("constant_pacing(0.5)").apply(ctx, ctx.random());
        assertThat(ctx.nextPaced()).isTrue();
        assertThat(ctx.nextWaitNanos()).isEqualTo(500_000_000L);
    }

    @Test
    void badWaitTimesNameThePlaceAndTheForms() throws Exception {
        Path f = write("bad.yaml", """
                personas:
                  - name: a
                    wait_time: betwen(1, 2)
                    tasks: [{request: {path: /a}}]
                """);
        assertThatThrownBy(() -> PersonaParser.file(f)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 3").hasMessageContaining("constant_pacing(T)");
        Path g = write("bad2.yaml", """
                personas:
                  - name: a
                    wait_time: {between: [2s, 1s]}
                    tasks: [{request: {path: /a}}]
                """);
        assertThatThrownBy(() -> PersonaParser.file(g)).isInstanceOf(ConfigException.class).hasMessageContaining("below its min");
        Path h = write("bad3.yaml", """
                personas:
                  - name: a
                    wait_time: {pacing: 1s}
                    tasks: [{request: {path: /a}}]
                """);
        assertThatThrownBy(() -> PersonaParser.file(h)).isInstanceOf(ConfigException.class).hasMessageContaining("unknown wait time 'pacing'").hasMessageContaining("line 3").hasMessageContaining("constant_pacing");
    }
}
