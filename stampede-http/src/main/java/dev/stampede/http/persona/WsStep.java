package dev.stampede.http.persona;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A persona step on the user's WebSocket (the {@code ws:} key of a step, instead of {@code request:}). Immutable;
 * compiled from the persona file.
 *
 * <ul>
 * <li>{@link Action#CONNECT}: opens the user's WebSocket on {@code path} (relative to the base URL) with its
 * {@code query} and {@code headers}; the user's cookies and bearer token go on the upgrade request. With an
 * expectation, the step ends at the first matching message (a welcome).</li>
 * <li>{@link Action#SEND}: sends {@code message}; with an expectation the step is a round trip, from the send to the
 * first later message that matches.</li>
 * <li>{@link Action#EXPECT}: waits for a matching message (the oldest buffered one first).</li>
 * <li>{@link Action#CLOSE}: sends a close frame with {@code closeCode} and waits for the server's.</li>
 * </ul>
 *
 * @param expectJson     JSON path to an expected value template (null: the path must exist)
 * @param expectContains substrings (templates) the message must contain
 * @param expects        true when the step waits for a message
 * @param timeout        how long the step waits (handshake, message or close answer)
 */
public record WsStep(Action action, Template path, Map<String, Template> query, Map<String, Template> headers, Template message, boolean json,
                     Map<JsonPath, Template> expectJson, List<Template> expectContains, boolean expects, Duration timeout, int closeCode) {

    /** What the step does. */
    public enum Action { CONNECT, SEND, EXPECT, CLOSE }

    /** Default of a step's {@code timeout}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public WsStep {
        query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        expectJson = Collections.unmodifiableMap(new LinkedHashMap<>(expectJson));
        expectContains = List.copyOf(expectContains);
    }

    /** For the reports: "connect /ws/game", "send", "expect", "close 1000". */
    public String describe() {
        return switch (action) {
            case CONNECT -> "connect " + path;
            case SEND -> expects ? "send + expect" : "send";
            case EXPECT -> "expect";
            case CLOSE -> "close " + closeCode;
        };
    }
}
