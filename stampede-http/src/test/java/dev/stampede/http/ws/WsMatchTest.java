package dev.stampede.http.ws;

import dev.stampede.http.persona.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The message matching of an expect step and the inbox rules, without a socket. */
class WsMatchTest {
    private static WsExpectation json(String... pathValue) {
        Map<JsonPath, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pathValue.length; i += 2) m.put(JsonPath.compile(pathValue[i]), pathValue[i + 1]);
        return new WsExpectation(m, List.of());
    }

    @Test
    void jsonPathValuesMatchByTextAndNullMeansPresent() {
        WsExpectation e = json("$.type", "ack", "$.seq", null);
        assertThat(e.match("{\"type\":\"ack\",\"seq\":3}")).isNotNull();
        assertThat(e.match("{\"type\":\"ack\",\"seq\":3}").parsed().get("seq").asInt()).isEqualTo(3);
        assertThat(e.match("{\"type\":\"ack\"}")).as("seq missing").isNull();
        assertThat(e.match("{\"type\":\"state\",\"seq\":3}")).as("wrong type").isNull();
        assertThat(json("$.authenticated", "true", "$.n", "3").match("{\"authenticated\":true,\"n\":3}")).as("booleans and numbers by text").isNotNull();
        assertThat(json("$.a[1].b", "x").match("{\"a\":[{},{\"b\":\"x\"}]}")).isNotNull();
        assertThat(json("$.a", "{\"b\":1}").match("{\"a\":{\"b\":1}}")).as("objects by their JSON").isNotNull();
    }

    @Test
    void textThatIsNotJsonNeverMatchesAJsonExpectationButCanMatchContains() {
        assertThat(json("$.type", "ack").match("ack")).isNull();
        assertThat(json("$.type", "ack").match("")).isNull();
        WsExpectation c = new WsExpectation(Map.of(), List.of("pong", "1"));
        assertThat(c.match("pong 1")).isNotNull();
        assertThat(c.match("pong 1").parsed()).isNull();
        assertThat(c.match("pong")).isNull();
        assertThat(WsExpectation.ANY.match("anything")).isNotNull();
    }

    @Test
    void describeNamesWhatWasExpected() {
        assertThat(json("$.type", "ack").describe()).isEqualTo("a message with $.type = 'ack'");
        Map<JsonPath, String> present = new LinkedHashMap<>();
        present.put(JsonPath.compile("$.id"), null);
        assertThat(new WsExpectation(present, List.of("x")).describe())
                .isEqualTo("a message with $.id present, containing 'x'");
        assertThat(WsExpectation.ANY.describe()).isEqualTo("any message");
    }

    @Test
    void inboxTakesTheOldestMatchAndCountsWhatItSkips() {
        WsInbox in = new WsInbox(8);
        in.offer("{\"type\":\"state\",\"seq\":1}");
        in.offer("{\"type\":\"ack\",\"seq\":2}");
        in.offer("{\"type\":\"state\",\"seq\":3}");
        int[] skipped = new int[1];
        WsExpectation.Match m = in.take(json("$.type", "state"), skipped);
        assertThat(m.parsed().get("seq").asInt()).isEqualTo(1);
        assertThat(skipped[0]).isZero();
        m = in.take(json("$.type", "state"), skipped);
        assertThat(m.parsed().get("seq").asInt()).as("the ack before it is discarded").isEqualTo(3);
        assertThat(skipped[0]).isEqualTo(1);
        assertThat(in.size()).isZero();
        assertThat(in.take(json("$.type", "state"), skipped)).isNull();
    }

    @Test
    void inboxWithNoMatchIsEmptiedAndAllCountedAsSkipped() {
        WsInbox in = new WsInbox(8);
        in.offer("a");
        in.offer("b");
        int[] skipped = new int[1];
        assertThat(in.take(json("$.type", "x"), skipped)).isNull();
        assertThat(skipped[0]).isEqualTo(2);
        assertThat(in.size()).isZero();
    }

    @Test
    void fullInboxDropsTheOldestAndCountsIt() {
        WsInbox in = new WsInbox(2);
        in.offer("1");
        in.offer("2");
        in.offer("3");
        assertThat(in.dropped()).isEqualTo(1);
        assertThat(in.take(new WsExpectation(Map.of(), List.of()), new int[1]).text()).isEqualTo("2");
        assertThat(in.clear()).isEqualTo(1);
        assertThat(in.size()).isZero();
        assertThatThrownBy(() -> new WsInbox(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
