package dev.stampede.http.persona;

import io.netty.handler.codec.http.HttpMethod;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One request of a persona: an {@code on_start} step (run once per user, in order) or a task (picked by weight).
 * Immutable; compiled from the persona file.
 *
 * @param name     the report's operation name within the persona
 * @param weight   tasks: relative weight (on_start steps: unused)
 * @param tags     tasks: tags for --tags / http.tags selection
 * @param method   HTTP method
 * @param path     path template (relative to the base URL)
 * @param query    query parameter templates, in order
 * @param headers  header templates
 * @param body     JSON (or text) body template, null for none
 * @param json     true when {@code body} is JSON (Content-Type application/json, values JSON-escaped)
 * @param check    what the response must satisfy
 * @param extract  variable name to the JSON path its value is read from
 * @param bearer   JSON path of a token that becomes {@code Authorization: Bearer ...} for this user's later requests
 * @param where    where the step was defined (file:line:column), for messages
 * @param ws       a WebSocket step instead of a request (then method, query, headers, body, check and bearer are unused); null for a request
 * @param upload   a multipart/form-data file part streamed as the request's body (then {@code body} is null); null for none
 * @param uploadName the upload's file name as a template when it has variables ({@code session-${vu}.wav}), rendered
 *                 per request; null when the name in {@code upload} is fixed
 * @param uploadFields the upload's text fields as templates, in order, rendered per request; empty for none
 */
public record Step(String name, double weight, Set<String> tags, HttpMethod method, Template path, Map<String, Template> query,
                   Map<String, Template> headers, Template body, boolean json, Check check, Map<String, JsonPath> extract,
                   JsonPath bearer, String where, WsStep ws, dev.stampede.http.client.UploadBody upload,
                   Template uploadName, Map<String, Template> uploadFields) {
    public Step {
        tags = Set.copyOf(tags);
        query = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(query));
        headers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers));
        extract = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extract));
        uploadFields = uploadFields == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(uploadFields));
    }

    /** A plain GET of {@code path} with the default check. */
    public static Step get(String name, String path, double weight, List<String> tags) {
        return new Step(name, weight, Set.copyOf(tags), HttpMethod.GET, Template.compile(path), Map.of(), Map.of(), null, false,
                Check.DEFAULT, Map.of(), null, "built-in", null, null, null, Map.of());
    }

    /** True for a WebSocket step. */
    public boolean isWs() { return ws != null; }

    /** True when the step reads the body (a JSON check, an extraction or a bearer token). */
    public boolean readsJson() {
        return check.needsJson() || !extract.isEmpty() || bearer != null;
    }
}
