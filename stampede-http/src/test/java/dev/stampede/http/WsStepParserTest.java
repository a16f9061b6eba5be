package dev.stampede.http;

import dev.stampede.core.config.ConfigException;
import dev.stampede.http.persona.Persona;
import dev.stampede.http.persona.PersonaParser;
import dev.stampede.http.persona.Step;
import dev.stampede.http.persona.WsStep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code ws:} steps of a persona file, and their mistakes with the place. */
class WsStepParserTest {
    @TempDir
    Path dir;

    private List<Persona> parse(String steps) throws Exception {
        Path f = dir.resolve("p.yaml");
        Files.writeString(f, "personas:\n  - name: p\n    tasks:\n" + steps);
        return PersonaParser.file(f);
    }

    @Test
    void readsConnectSendExpectAndClose() throws Exception {
        List<Step> t = parse("""
                      - name: c
                        ws: {connect: "/ws/game", query: {player: "p-${vu}"}, headers: {X-A: b}, expect: {json: {"$.type": welcome}}, timeout: 2s}
                      - name: s
                        tags: [moves]
                        ws: {send: {json: {type: move, game: "${game}"}}, expect: {json: {"$.type": ack, "$.seq": null}, contains: ack}}
                        extract: {seq: $.seq}
                      - name: e
                        ws: {expect: {contains: [state, "${game}"]}}
                      - name: t
                        ws: {send: hello}
                      - name: x
                        ws: {close: 4000}
                """).get(0).tasks();
        WsStep c = t.get(0).ws();
        assertThat(c.action()).isEqualTo(WsStep.Action.CONNECT);
        assertThat(c.path().toString()).isEqualTo("/ws/game");
        assertThat(c.query()).containsKey("player");
        assertThat(c.headers()).containsKey("X-A");
        assertThat(c.expects()).isTrue();
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(2));
        WsStep s = t.get(1).ws();
        assertThat(s.action()).isEqualTo(WsStep.Action.SEND);
        assertThat(s.json()).isTrue();
        assertThat(s.message().variables()).containsExactly("game");
        assertThat(s.expectJson()).hasSize(2);
        assertThat(t.get(1).extract()).containsKey("seq");
        assertThat(t.get(1).tags()).containsExactly("moves");
        assertThat(t.get(2).ws().action()).isEqualTo(WsStep.Action.EXPECT);
        assertThat(t.get(2).ws().expectContains()).hasSize(2);
        assertThat(t.get(2).ws().timeout()).isEqualTo(WsStep.DEFAULT_TIMEOUT);
        assertThat(t.get(3).ws().json()).isFalse();
        assertThat(t.get(3).ws().expects()).isFalse();
        assertThat(t.get(4).ws().closeCode()).isEqualTo(4000);
        assertThat(t.get(4).ws().describe()).isEqualTo("close 4000");
    }

    @Test
    void mistakesNameThePlaceAndTheFix() {
        assertThatThrownBy(() -> parse("""
                      - name: c
                        ws: {conect: /ws}
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("unknown ws key 'conect'")
                .hasMessageContaining("line 5").hasMessageContaining("did you mean 'connect'?");
        assertThatThrownBy(() -> parse("""
                      - ws: {connect: "wss://example.com/ws"}
                """)).hasMessageContaining("give a path relative to http.base_url").hasMessageContaining("over wss:// when the base URL is https://");
        assertThatThrownBy(() -> parse("""
                      - ws: {connect: "ws://127.0.0.1:9/ws"}
                """)).hasMessageContaining("relative to http.base_url");
        assertThatThrownBy(() -> parse("""
                      - ws: {connect: /ws, send: x}
                """)).hasMessageContaining("one of connect, send or close");
        assertThatThrownBy(() -> parse("""
                      - ws: {send: x}
                        extract: {a: $.a}
                """)).hasMessageContaining("an expect in the ws step to extract from");
        assertThatThrownBy(() -> parse("""
                      - ws: {close: 1006}
                """)).hasMessageContaining("3000-4999");
        assertThatThrownBy(() -> parse("""
                      - ws: {expect: {json: {"$.a[x]": 1}}}
                """)).hasMessageContaining("bad JSON path '$.a[x]'").hasMessageContaining("line 4");
        assertThatThrownBy(() -> parse("""
                      - ws: {send: x}
                        check: {status: 200}
                """)).hasMessageContaining("no 'check' in a ws step");
        assertThatThrownBy(() -> parse("""
                      - ws: {expect: {json: {"$.a": 1}}, timeout: soon}
                """)).hasMessageContaining("a duration such as 5s");
    }
}
