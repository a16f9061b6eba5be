package dev.stampede.http.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampede.http.persona.JsonPath;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a WebSocket message must look like to end an {@code expect}: every JSON path with its expected value (a null
 * value: the path must exist) and every substring. Rendered per attempt from the step's templates, so it can name a
 * user's own variables ({@code "$.game": "${game}"}). Immutable and thread-safe.
 *
 * @param json     JSON path to the expected value as text (numbers and booleans compare by their text: 3, true)
 * @param contains substrings the message's text must contain
 */
public record WsExpectation(Map<JsonPath, String> json, List<String> contains) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Any message. */
    public static final WsExpectation ANY = new WsExpectation(Map.of(), List.of());

    public WsExpectation {
        json = Collections.unmodifiableMap(new LinkedHashMap<>(json));
        contains = List.copyOf(contains);
    }

    /** A message that matched, with its parsed JSON (null when the expectation reads no JSON path). */
    public record Match(String text, JsonNode parsed) {
    }

    /** The match, or null when {@code text} does not satisfy this expectation (a body that is not JSON never does). */
    public Match match(String text) {
        for (String c : contains) {
            if (!text.contains(c)) return null;
        }
        if (json.isEmpty()) return new Match(text, null);
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException notJson) {
            return null;
        }
        if (root == null) return null;
        for (Map.Entry<JsonPath, String> e : json.entrySet()) {
            JsonNode n = e.getKey().read(root);
            if (n == null || n.isMissingNode()) return null;
            String want = e.getValue();
            if (want == null) continue;
            String got = n.isValueNode() ? n.asText() : n.toString();
            if (!want.equals(got)) return null;
        }
        return new Match(text, root);
    }

    /** For messages: {@code {"$.type": "ack"}, containing "x"}. */
    public String describe() {
        if (json.isEmpty() && contains.isEmpty()) return "any message";
        List<String> parts = new ArrayList<>();
        for (Map.Entry<JsonPath, String> e : json.entrySet()) {
            parts.add(e.getKey() + (e.getValue() == null ? " present" : " = '" + clip(e.getValue()) + "'"));
        }
        for (String c : contains) parts.add("containing '" + clip(c) + "'");
        return "a message with " + String.join(", ", parts);
    }

    static String clip(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }
}
