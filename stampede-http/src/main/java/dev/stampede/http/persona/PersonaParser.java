package dev.stampede.http.persona;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.stampede.core.config.ConfigException;
import dev.stampede.core.config.ConfigSection;
import io.netty.handler.codec.http.HttpMethod;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads personas from a YAML/JSON persona file (or the {@code http.personas} list of the config file). Every
 * mistake is one {@link ConfigException} that names the place (file, line and column for a persona file), what is
 * wrong and what is accepted: an unknown step or key, a bad JSON path, a bad template, a missing feeder.
 *
 * <pre>
 * feeders:
 *   users: {csv: users.csv}
 * personas:
 *   - name: realistic
 *     weight: 3
 *     feeder: users
 *     on_start:
 *       - name: login
 *         request: {method: POST, path: /api/login, json: {user: "${users.name}"}}
 *         bearer: $.token
 *     tasks:
 *       - name: list_sessions
 *         weight: 5
 *         tags: [sessions]
 *         request: {path: /api/sessions, query: {limit: "10"}}
 *         check: {status: 200, json: {"$.count": null}, latency_ms: 500}
 * </pre>
 *
 * Stateless.
 */
public final class PersonaParser {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Set<String> STEP_KEYS = Set.of("name", "weight", "tags", "request", "ws", "check", "extract", "bearer");
    static final Set<String> REQUEST_KEYS = Set.of("method", "path", "query", "headers", "json", "body", "upload");
    static final Set<String> CHECK_KEYS = Set.of("status", "json", "body_contains", "header", "latency_ms");
    static final Set<String> PERSONA_KEYS = Set.of("name", "weight", "on_start", "tasks", "feeder", "wait_time", "retry_after",
            "retry_after_max");

    private final Function<String, String> where;
    private final Path baseDir;
    private final Map<String, Feeder> feeders = new HashMap<>();

    private PersonaParser(Function<String, String> where, Path baseDir) {
        this.where = where;
        this.baseDir = baseDir;
    }

    /** Reads a persona file. */
    public static List<Persona> file(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("persona file " + file.toAbsolutePath() + " does not exist; set http.personas_file to a YAML file "
                    + "(docs/http.md shows the format)");
        }
        try {
            JsonNode root = YAML.readTree(file.toFile());
            Locations loc;
            try (JsonParser p = YAML.getFactory().createParser(file.toFile())) {
                loc = Locations.read(p, file.toString());
            }
            Path dir = file.toAbsolutePath().getParent();
            return new PersonaParser(loc, dir).document(root);
        } catch (IOException e) {
            throw new ConfigException("persona file " + file + " is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** Reads a persona document from the class path (the reference stack's built-in personas). */
    public static List<Persona> resource(String name) {
        try (InputStream in = PersonaParser.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            byte[] bytes = in.readAllBytes();
            JsonNode root = YAML.readTree(bytes);
            Locations loc;
            try (JsonParser p = YAML.getFactory().createParser(bytes)) {
                loc = Locations.read(p, name);
            }
            return new PersonaParser(loc, Path.of(".")).document(root);
        } catch (IOException e) {
            throw new IllegalStateException("built-in personas " + name + " unreadable", e);
        }
    }

    /** Reads the {@code personas} (and {@code feeders}) of the config file's {@code http} section. */
    public static List<Persona> inline(ConfigSection http) {
        Function<String, String> where = p -> http.tree().origin(http.full(p.replace(Locations.KEY, "")));
        ObjectMapper m = new ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode doc = m.createObjectNode();
        doc.set("personas", http.raw().get("personas"));
        if (http.has("feeders")) doc.set("feeders", http.raw().get("feeders"));
        return new PersonaParser(where, Path.of(".")).document(doc);
    }

    private List<Persona> document(JsonNode root) {
        if (root == null || !root.isObject()) throw bad("", "a mapping with 'personas' (a list) and optionally 'feeders'");
        Set<String> top = Set.of("personas", "feeders");
        root.fieldNames().forEachRemaining(k -> {
            if (!top.contains(k)) throw unknown(k, k, top, "key");
        });
        JsonNode f = root.get("feeders");
        if (f != null && !f.isNull()) {
            if (!f.isObject()) throw bad("feeders", "a mapping of feeder name to {csv: file}");
            f.fields().forEachRemaining(e -> {
                String p = "feeders." + e.getKey();
                JsonNode csv = e.getValue().get("csv");
                if (csv == null || !csv.isTextual()) throw bad(p, "{csv: path/to/file.csv}");
                Path file = baseDir.resolve(csv.asText());
                feeders.put(e.getKey(), Feeder.csv(e.getKey(), file, where.apply(p)));
            });
        }
        JsonNode ps = root.get("personas");
        if (ps == null || !ps.isArray() || ps.isEmpty()) throw bad("personas", "a list of at least one persona");
        List<Persona> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < ps.size(); i++) {
            Persona p = persona(ps.get(i), "personas[" + i + "]");
            if (!names.add(p.name())) throw bad("personas[" + i + "].name", "a name not used by another persona ('" + p.name() + "' is)");
            out.add(p);
        }
        return List.copyOf(out);
    }

    private Persona persona(JsonNode n, String path) {
        if (!n.isObject()) throw bad(path, "a persona mapping with name, weight, on_start, tasks");
        n.fieldNames().forEachRemaining(k -> {
            if (!PERSONA_KEYS.contains(k)) throw unknown(path + "." + k, k, PERSONA_KEYS, "persona key");
        });
        String name = text(n, path, "name", null);
        if (name == null || name.isBlank()) throw bad(path, "a persona with a name");
        double weight = number(n, path, "weight", 1);
        List<Step> onStart = steps(n.get("on_start"), path + ".on_start", false);
        List<Step> tasks = steps(n.get("tasks"), path + ".tasks", true);
        if (tasks.isEmpty()) throw bad(path + ".tasks", "at least one task (a request step with a weight)");
        Feeder feeder = null;
        String fname = text(n, path, "feeder", null);
        if (fname != null) {
            feeder = feeders.get(fname);
            if (feeder == null) throw bad(path + ".feeder", "the name of a feeder under 'feeders' (known: " + new TreeSet<>(feeders.keySet()) + ")");
        }
        return new Persona(name, weight, onStart, tasks, feeder, waitTime(n.get("wait_time"), path + ".wait_time"), retryAfter(n, path));
    }

    /** {@code retry_after: ignore | honour} (default ignore) and {@code retry_after_max} (a duration, with honour only). */
    private RetryAfter retryAfter(JsonNode n, String path) {
        String mode = text(n, path, "retry_after", "ignore").trim().toLowerCase(java.util.Locale.ROOT);
        JsonNode max = n.get("retry_after_max");
        switch (mode) {
            case "ignore" -> {
                if (max != null && !max.isNull()) {
                    throw bad(path + ".retry_after_max", "retry_after: honour beside it (a cap on honoured waits means nothing while Retry-After is ignored)");
                }
                return RetryAfter.IGNORE;
            }
            case "honour", "honor" -> {
                if (max == null || max.isNull()) return RetryAfter.honour(RetryAfter.DEFAULT_MAX);
                java.time.Duration d;
                try {
                    d = max.isValueNode() ? WaitTime.duration(max.asText()) : null;
                } catch (IllegalArgumentException e) {
                    d = null;
                }
                if (d == null || d.toMillis() < 1) throw bad(path + ".retry_after_max", "a duration of at least 1ms, such as 30s or 2m");
                return RetryAfter.honour(d);
            }
            default -> throw bad(path + ".retry_after", "ignore (the default) or honour (got '" + mode + "')");
        }
    }

    /** {@code wait_time}: Locust's call form as text, or a one-key mapping; null when absent. */
    private WaitTime waitTime(JsonNode n, String path) {
        if (n == null || n.isNull()) return null;
        try {
            if (n.isTextual()) return WaitTime.parse(n.asText());
            if (n.isObject() && n.size() == 1) {
                String k = n.fieldNames().next();
                JsonNode v = n.get(k);
                WaitTime.Kind kind = switch (k) {
                    case "constant" -> WaitTime.Kind.CONSTANT;
                    case "between" -> WaitTime.Kind.BETWEEN;
                    case "constant_pacing" -> WaitTime.Kind.CONSTANT_PACING;
                    default -> throw unknown(path + "." + k, k, Set.of("constant", "between", "constant_pacing"), "wait time");
                };
                if (kind == WaitTime.Kind.BETWEEN) {
                    if (!v.isArray() || v.size() != 2) throw bad(path + ".between", "a list of two durations [MIN, MAX], such as [500ms, 2s]");
                    return WaitTime.of(kind, WaitTime.duration(v.get(0).asText()), WaitTime.duration(v.get(1).asText()));
                }
                if (!v.isValueNode()) throw bad(path + "." + k, "a duration such as 1s or 500ms");
                java.time.Duration d = WaitTime.duration(v.asText());
                return WaitTime.of(kind, d, d);
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException("bad wait_time at " + where.apply(path) + " (" + path + "): " + e.getMessage());
        }
        throw bad(path, WaitTime.FORMS);
    }

    private List<Step> steps(JsonNode n, String path, boolean tasks) {
        if (n == null || n.isNull()) return List.of();
        if (!n.isArray()) throw bad(path, "a list of steps");
        List<Step> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < n.size(); i++) {
            Step s = step(n.get(i), path + "[" + i + "]", tasks, i);
            if (!names.add(s.name())) throw bad(path + "[" + i + "].name", "a step name not used twice in the list ('" + s.name() + "' is)");
            out.add(s);
        }
        return out;
    }

    private Step step(JsonNode n, String path, boolean task, int index) {
        if (!n.isObject()) throw bad(path, "a step mapping with a request");
        n.fieldNames().forEachRemaining(k -> {
            if (!STEP_KEYS.contains(k)) throw unknown(path + "." + k, k, STEP_KEYS, "step");
        });
        if (n.has("ws")) return wsStep(n, path, task);
        JsonNode req = n.get("request");
        if (req == null || !req.isObject()) throw bad(path, "a step with a 'request' mapping (method, path, query, headers, json, body) "
                + "or a 'ws' mapping (connect, send, expect, close)");
        String rp = path + ".request";
        req.fieldNames().forEachRemaining(k -> {
            if (!REQUEST_KEYS.contains(k)) throw unknown(rp + "." + k, k, REQUEST_KEYS, "request key");
        });
        String methodText = text(req, rp, "method", "GET").toUpperCase(Locale.ROOT);
        if (!Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS").contains(methodText)) {
            throw bad(rp + ".method", "one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS (got " + methodText + ")");
        }
        String pathText = text(req, rp, "path", null);
        if (pathText == null) throw bad(rp, "a request with a path, such as /api/sessions");
        Template pathT = template(pathText, rp + ".path");
        Map<String, Template> query = templates(req.get("query"), rp + ".query");
        Map<String, Template> headers = templates(req.get("headers"), rp + ".headers");
        Template body = null;
        boolean json = false;
        if (req.has("json") && req.has("body")) throw bad(rp, "either json or body, not both");
        dev.stampede.http.client.UploadBody upload = null;
        Map<String, Template> uploadFields = Map.of();
        if (req.has("upload")) {
            if (req.has("json") || req.has("body")) throw bad(rp, "either upload or json/body, not both (the upload is the body)");
            if (!Set.of("POST", "PUT", "PATCH").contains(methodText)) throw bad(rp + ".method", "POST, PUT or PATCH for an upload (got " + methodText + ")");
            UploadParser up = new UploadParser(this, baseDir);
            upload = up.parse(req.get("upload"), rp + ".upload");
            uploadFields = up.fields(req.get("upload"), rp + ".upload");
        }
        if (req.has("json")) {
            body = template(req.get("json").toString(), rp + ".json");
            json = true;
        } else if (req.has("body")) {
            body = template(text(req, rp, "body", ""), rp + ".body");
        }
        Check check = check(n.get("check"), path + ".check");
        Map<String, JsonPath> extract = new LinkedHashMap<>();
        JsonNode ex = n.get("extract");
        if (ex != null && !ex.isNull()) {
            if (!ex.isObject()) throw bad(path + ".extract", "a mapping of variable name to JSON path, such as {session_id: $.id}");
            ex.fields().forEachRemaining(e -> extract.put(e.getKey(), path(e.getValue(), path + ".extract." + e.getKey())));
        }
        JsonPath bearer = n.has("bearer") ? path(n.get("bearer"), path + ".bearer") : null;
        String name = text(n, path, "name", methodText + " " + pathText);
        double weight = task ? number(n, path, "weight", 1) : 0;
        Set<String> tags = new HashSet<>();
        JsonNode t = n.get("tags");
        if (t != null && !t.isNull()) {
            if (t.isTextual()) tags.add(t.asText());
            else if (t.isArray()) t.forEach(x -> tags.add(x.asText()));
            else throw bad(path + ".tags", "a tag or a list of tags");
        }
        return new Step(name, weight, tags, HttpMethod.valueOf(methodText), pathT, query, headers, body, json, check, extract, bearer,
                where.apply(path), null, upload, upload == null || !upload.filename().contains("${") ? null : template(upload.filename(), rp + ".upload.filename"),
                uploadFields);
    }

    /** A step with {@code ws:} instead of {@code request:}: name, weight, tags and extract as for requests. */
    private Step wsStep(JsonNode n, String path, boolean task) {
        for (String k : List.of("request", "check", "bearer")) {
            if (n.has(k)) throw bad(path + "." + k, "no '" + k + "' in a ws step (a ws step checks its messages with expect)");
        }
        WsStep ws = new WsStepParser(this).parse(n.get("ws"), path + ".ws");
        Map<String, JsonPath> extract = new LinkedHashMap<>();
        JsonNode ex = n.get("extract");
        if (ex != null && !ex.isNull()) {
            if (!ws.expects()) throw bad(path + ".extract", "an expect in the ws step to extract from (extract reads the matched message)");
            if (!ex.isObject()) throw bad(path + ".extract", "a mapping of variable name to JSON path, such as {game: $.game}");
            ex.fields().forEachRemaining(e -> extract.put(e.getKey(), path(e.getValue(), path + ".extract." + e.getKey())));
        }
        String name = text(n, path, "name", "ws " + ws.describe());
        double weight = task ? number(n, path, "weight", 1) : 0;
        Set<String> tags = new HashSet<>();
        JsonNode t = n.get("tags");
        if (t != null && !t.isNull()) {
            if (t.isTextual()) tags.add(t.asText());
            else if (t.isArray()) t.forEach(x -> tags.add(x.asText()));
            else throw bad(path + ".tags", "a tag or a list of tags");
        }
        Template target = ws.path() != null ? ws.path() : Template.compile(ws.describe());
        return new Step(name, weight, tags, HttpMethod.GET, target, Map.of(), Map.of(), null, false, Check.DEFAULT, extract, null,
                where.apply(path), ws, null, null, Map.of());
    }

    /** The place of {@code path} (file, line, column), for messages. */
    String at(String path) {
        return where.apply(path);
    }

    JsonPath jsonPath(String text, String path) {
        try {
            return JsonPath.compile(text);
        } catch (IllegalArgumentException bad) {
            throw new ConfigException("bad JSON path '" + text + "' at " + where.apply(path) + ": " + bad.getMessage());
        }
    }

    private Check check(JsonNode n, String path) {
        if (n == null || n.isNull()) return Check.DEFAULT;
        if (!n.isObject()) throw bad(path, "a mapping with status, json, body_contains, header, latency_ms");
        n.fieldNames().forEachRemaining(k -> {
            if (!CHECK_KEYS.contains(k)) throw unknown(path + "." + k, k, CHECK_KEYS, "check");
        });
        Set<Integer> statuses = new HashSet<>();
        JsonNode s = n.get("status");
        if (s != null) {
            List<JsonNode> list = new ArrayList<>();
            if (s.isArray()) s.forEach(list::add);
            else list.add(s);
            for (JsonNode x : list) {
                if (!x.canConvertToInt() || x.asInt() < 100 || x.asInt() > 599) throw bad(path + ".status", "a status code 100-599 or a list of them");
                statuses.add(x.asInt());
            }
        }
        Map<JsonPath, String> json = new LinkedHashMap<>();
        JsonNode j = n.get("json");
        if (j != null) {
            if (!j.isObject()) throw bad(path + ".json", "a mapping of JSON path to expected value (null: must exist)");
            j.fields().forEachRemaining(e -> {
                JsonPath jp;
                try {
                    jp = JsonPath.compile(e.getKey());
                } catch (IllegalArgumentException bad) {
                    throw new ConfigException("bad JSON path '" + e.getKey() + "' at " + where.apply(path + ".json." + e.getKey()) + ": "
                            + bad.getMessage());
                }
                json.put(jp, e.getValue().isNull() ? null : e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString());
            });
        }
        List<String> contains = new ArrayList<>();
        JsonNode b = n.get("body_contains");
        if (b != null) {
            if (b.isArray()) b.forEach(x -> contains.add(x.asText()));
            else contains.add(b.asText());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode h = n.get("header");
        if (h != null) {
            if (!h.isObject()) throw bad(path + ".header", "a mapping of header name to a substring of its value (\"\": present)");
            h.fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
        }
        double latency = number(n, path, "latency_ms", 0);
        return new Check(statuses, json, contains, headers, latency);
    }

    JsonPath path(JsonNode n, String path) {
        if (n == null || !n.isTextual()) throw bad(path, "a JSON path such as $.token");
        try {
            return JsonPath.compile(n.asText());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("bad JSON path '" + n.asText() + "' at " + where.apply(path) + ": " + e.getMessage());
        }
    }

    Map<String, Template> templates(JsonNode n, String path) {
        Map<String, Template> out = new LinkedHashMap<>();
        if (n == null || n.isNull()) return out;
        if (!n.isObject()) throw bad(path, "a mapping of name to value");
        n.fields().forEachRemaining(e -> {
            // a nested mapping or list has no text of its own (asText would send it as ""): refused, not sent empty
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw bad(path + "." + e.getKey(), "a text, number or boolean value (a template such as \"${vu}\")");
            }
            out.put(e.getKey(), template(e.getValue().asText(), path + "." + e.getKey()));
        });
        return out;
    }

    Template template(String text, String path) {
        try {
            return Template.compile(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("bad template at " + where.apply(path) + ": " + e.getMessage());
        }
    }

    String text(JsonNode n, String path, String key, String dflt) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) return dflt;
        if (!v.isValueNode()) throw bad(path + "." + key, "a single value");
        return v.asText();
    }

    double number(JsonNode n, String path, String key, double dflt) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) return dflt;
        if (!v.isNumber() || v.asDouble() < 0) throw bad(path + "." + key, "a number of at least 0");
        return v.asDouble();
    }

    ConfigException bad(String path, String expected) {
        return new ConfigException("persona definition at " + where.apply(path) + (path.isEmpty() ? "" : " (" + path + ")")
                + ": expected " + expected);
    }

    ConfigException unknown(String path, String key, Set<String> known, String what) {
        String hint = ConfigSection.closest(key, known);
        return new ConfigException("unknown " + what + " '" + key + "' at " + where.apply(path + Locations.KEY) + " (" + path + ")"
                + (hint != null ? "; did you mean '" + hint + "'?" : "") + "; known: " + String.join(", ", new TreeSet<>(known)));
    }
}
