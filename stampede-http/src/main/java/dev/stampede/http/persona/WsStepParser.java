package dev.stampede.http.persona;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stampede.core.config.ConfigException;
import dev.stampede.core.config.Durations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a step's {@code ws:} mapping into a {@link WsStep}; every mistake is the persona parser's one
 * {@link ConfigException} with the place.
 *
 * <pre>
 * ws: {connect: /ws/game, query: {player: "p-${vu}"}, headers: {X-Client: stampede}, expect: {json: {"$.type": welcome}}}
 * ws: {send: {json: {type: move, game: "${game}"}}, expect: {json: {"$.type": ack}}, timeout: 5s}
 * ws: {send: "ping"}
 * ws: {expect: {json: {"$.type": state}, contains: game}}
 * ws: {close: 1000}
 * </pre>
 * Stateless apart from the parser it reports through.
 */
final class WsStepParser {
    static final Set<String> KEYS = Set.of("connect", "query", "headers", "send", "expect", "timeout", "close");
    static final Set<String> SEND_KEYS = Set.of("json", "text");
    static final Set<String> EXPECT_KEYS = Set.of("json", "contains");

    private final PersonaParser p;

    WsStepParser(PersonaParser p) {
        this.p = p;
    }

    WsStep parse(JsonNode n, String path) {
        if (n == null || !n.isObject()) throw p.bad(path, "a ws mapping with one of connect, send, expect or close");
        n.fieldNames().forEachRemaining(k -> {
            if (!KEYS.contains(k)) throw p.unknown(path + "." + k, k, KEYS, "ws key");
        });
        int actions = (n.has("connect") ? 1 : 0) + (n.has("send") ? 1 : 0) + (n.has("close") ? 1 : 0);
        if (actions > 1) throw p.bad(path, "one of connect, send or close in a ws step (an expect may go with connect or send)");
        if (actions == 0 && !n.has("expect")) throw p.bad(path, "a ws step with connect, send, expect or close");
        if (!n.has("connect") && (n.has("query") || n.has("headers"))) throw p.bad(path, "query and headers only with connect");
        if (n.has("close") && n.has("expect")) throw p.bad(path, "no expect with close (the step waits for the server's close frame)");
        Duration timeout = WsStep.DEFAULT_TIMEOUT;
        if (n.has("timeout")) {
            JsonNode t = n.get("timeout");
            try {
                timeout = Durations.parse(t.asText(), 1);
            } catch (IllegalArgumentException e) {
                throw p.bad(path + ".timeout", "a duration such as 5s or 500ms (" + e.getMessage() + ")");
            }
            if (timeout.isZero() || timeout.isNegative()) throw p.bad(path + ".timeout", "a positive duration such as 5s");
        }
        Map<JsonPath, Template> expectJson = new LinkedHashMap<>();
        List<Template> contains = new ArrayList<>();
        boolean expects = n.has("expect");
        if (expects) expectation(n.get("expect"), path + ".expect", expectJson, contains);
        Template target = null;
        Map<String, Template> query = Map.of(), headers = Map.of();
        Template message = null;
        boolean json = false;
        int code = 0;
        WsStep.Action action;
        if (n.has("connect")) {
            action = WsStep.Action.CONNECT;
            JsonNode c = n.get("connect");
            if (!c.isTextual()) throw p.bad(path + ".connect", "a path relative to http.base_url, such as /ws/game");
            String text = c.asText();
            if (text.contains("://")) {
                throw new ConfigException("ws connect '" + text + "' at " + p.at(path + ".connect") + ": give a path relative to http.base_url "
                        + "(such as /ws/game); the WebSocket goes to the same host and port as the HTTP requests, over wss:// when the base "
                        + "URL is https://");
            }
            if (!text.startsWith("/")) throw p.bad(path + ".connect", "a path starting with /, such as /ws/game");
            target = p.template(text, path + ".connect");
            query = p.templates(n.get("query"), path + ".query");
            headers = p.templates(n.get("headers"), path + ".headers");
        } else if (n.has("send")) {
            action = WsStep.Action.SEND;
            JsonNode s = n.get("send");
            if (s.isTextual()) {
                message = p.template(s.asText(), path + ".send");
            } else if (s.isObject()) {
                s.fieldNames().forEachRemaining(k -> {
                    if (!SEND_KEYS.contains(k)) throw p.unknown(path + ".send." + k, k, SEND_KEYS, "ws send key");
                });
                if (s.has("json") == s.has("text")) throw p.bad(path + ".send", "either {json: ...} or {text: ...}");
                if (s.has("json")) {
                    message = p.template(s.get("json").toString(), path + ".send.json");
                    json = true;
                } else {
                    message = p.template(s.get("text").asText(), path + ".send.text");
                }
            } else {
                throw p.bad(path + ".send", "a text message, {json: ...} or {text: ...}");
            }
        } else if (n.has("close")) {
            action = WsStep.Action.CLOSE;
            JsonNode c = n.get("close");
            code = c.isBoolean() && c.asBoolean() ? 1000 : c.canConvertToInt() ? c.asInt() : -1;
            if (code != 1000 && code != 1001 && (code < 3000 || code > 4999)) {
                throw p.bad(path + ".close", "a close code: 1000 (normal), 1001 (going away) or 3000-4999 (got " + c.asText() + ")");
            }
        } else {
            action = WsStep.Action.EXPECT;
        }
        return new WsStep(action, target, query, headers, message, json, expectJson, contains, expects, timeout, code);
    }

    private void expectation(JsonNode e, String path, Map<JsonPath, Template> json, List<Template> contains) {
        if (e == null || e.isNull()) return;
        if (!e.isObject()) throw p.bad(path, "a mapping with json (JSON path to value) and/or contains");
        e.fieldNames().forEachRemaining(k -> {
            if (!EXPECT_KEYS.contains(k)) throw p.unknown(path + "." + k, k, EXPECT_KEYS, "ws expect key");
        });
        JsonNode j = e.get("json");
        if (j != null && !j.isNull()) {
            if (!j.isObject()) throw p.bad(path + ".json", "a mapping of JSON path to expected value (null: must exist)");
            j.fields().forEachRemaining(f -> {
                JsonPath jp = p.jsonPath(f.getKey(), path + ".json." + f.getKey());
                JsonNode v = f.getValue();
                json.put(jp, v.isNull() ? null : p.template(v.isValueNode() ? v.asText() : v.toString(), path + ".json." + f.getKey()));
            });
        }
        JsonNode c = e.get("contains");
        if (c != null && !c.isNull()) {
            if (c.isArray()) {
                for (int i = 0; i < c.size(); i++) contains.add(p.template(c.get(i).asText(), path + ".contains[" + i + "]"));
            } else {
                contains.add(p.template(c.asText(), path + ".contains"));
            }
        }
    }
}
