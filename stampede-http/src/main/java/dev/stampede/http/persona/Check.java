package dev.stampede.http.persona;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a response must satisfy to count as a success. Immutable. A failed check is a failed attempt whose message
 * is the reason ("status 404, expected 200").
 *
 * @param statuses     accepted status codes; empty: any status below 400
 * @param json         JSON path to the expected value as text (null value: the path must exist)
 * @param bodyContains substrings the body must contain
 * @param headers      header name to a substring its value must contain ("" : present)
 * @param maxLatencyMs the exchange may take at most this long from send to the last byte (0: no limit)
 */
public record Check(Set<Integer> statuses, Map<JsonPath, String> json, List<String> bodyContains, Map<String, String> headers,
                    double maxLatencyMs) {
    public static final Check DEFAULT = new Check(Set.of(), Map.of(), List.of(), Map.of(), 0);

    public Check {
        statuses = Set.copyOf(statuses);
        json = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(json));
        bodyContains = List.copyOf(bodyContains);
        headers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers));
    }

    /** True when a check needs the body parsed as JSON. */
    public boolean needsJson() { return !json.isEmpty(); }

    /** True when {@code status} is accepted. */
    public boolean accepts(int status) {
        return statuses.isEmpty() ? status < 400 : statuses.contains(status);
    }
}
