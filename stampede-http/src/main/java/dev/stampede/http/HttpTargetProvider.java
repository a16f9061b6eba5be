package dev.stampede.http;

import dev.stampede.core.api.ErrorClass;
import dev.stampede.core.api.TargetUnreachableException;
import dev.stampede.core.config.ConfigException;
import dev.stampede.core.config.ConfigSection;
import dev.stampede.core.config.ScenarioSpec;
import dev.stampede.core.target.ReportSection;
import dev.stampede.core.target.SessionContext;
import dev.stampede.core.target.Target;
import dev.stampede.core.target.TargetProvider;
import dev.stampede.core.target.TargetSettings;
import dev.stampede.core.target.WorkloadType;
import dev.stampede.http.client.ClientSettings;
import dev.stampede.http.client.Origin;
import dev.stampede.http.persona.Persona;
import dev.stampede.http.persona.PersonaParser;
import dev.stampede.http.report.HttpSection;
import dev.stampede.http.report.WsSection;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * HTTP APIs as a Stampede target: the {@code http} section (API_BASE_URL, LOAD_TEST_HOST), personas, the
 * {@code http} workload (a user's API, or the reference stack when no base URL is set) and {@code http-stack} (the
 * reference stack over the PostgreSQL and Redis targets, so their sections share the report), seed 004's load levels
 * as scenarios, the HTTP report section and advisor rule. Stateless; listed in META-INF/services.
 */
public final class HttpTargetProvider implements TargetProvider {
    public static final String NAME = "http";
    public static final String WORKLOAD = "http";
    public static final String STACK_WORKLOAD = "http-stack";
    /** The game WebSocket personas (reference-game.yaml) on http.base_url, or on the reference server alone. */
    public static final String WS_WORKLOAD = "http-ws";
    /** Seed 004's upload stress (reference-upload.yaml) on http.base_url, or on the reference server alone. */
    public static final String UPLOAD_WORKLOAD = "http-upload";
    private static final Set<String> KEYS = Set.of("base_url", "personas", "personas_file", "feeders", "path", "tags", "exclude_tags",
            "connection_policy", "connections", "connect_timeout", "first_byte_timeout", "total_timeout", "redirects", "gzip",
            "max_body_bytes", "leak_share", "io_threads", "ca", "insecure", "http_version");

    @Override public String name() { return NAME; }

    /** The configuration section, also the {@code target:} of its faults. */
    static final String SECTION = "http";

    @Override public String section() { return SECTION; }

    @Override public String description() { return "HTTP/1.1 and https APIs through Netty: personas, checks, throttling, uploads, the reference stack"; }

    @Override
    public Map<String, String> environment() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("API_BASE_URL", "base_url");
        m.put("LOAD_TEST_HOST", "base_url");
        return m;
    }

    @Override
    public TargetSettings bind(ConfigSection h) {
        h.allowOnly(KEYS);
        String url = h.string("base_url", null);
        if (url != null && url.isBlank()) url = null;
        if (url != null) Origin.parse(url, h.tree().origin(h.full("base_url")));
        List<Persona> personas;
        String source;
        if (h.has("personas") && h.has("personas_file")) {
            throw h.bad("personas_file", h.raw().get("personas_file"), "either http.personas or http.personas_file, not both");
        }
        if (h.has("personas_file")) {
            String f = h.string("personas_file", null);
            personas = PersonaParser.file(Path.of(f));
            source = f;
        } else if (h.has("personas")) {
            personas = PersonaParser.inline(h);
            source = "http.personas (" + h.tree().origin(h.full("personas")) + ")";
        } else {
            if (h.has("feeders")) throw h.bad("feeders", h.raw().get("feeders"), "feeders only with http.personas");
            personas = List.of();
            source = url == null ? "built-in (reference stack: realistic, rate-limit, db-pool)" : "GET " + h.string("path", "/");
        }
        String path = h.string("path", "/");
        if (!path.startsWith("/")) throw h.bad("path", h.raw().get("path"), "a path starting with /");
        String policy = h.string("connection_policy", "per-user").toLowerCase(Locale.ROOT);
        if (!policy.equals("per-user") && !policy.equals("shared")) throw h.bad("connection_policy", h.raw().get("connection_policy"), "per-user or shared");
        ClientSettings d = ClientSettings.defaults();
        ClientSettings client = new ClientSettings(h.duration("connect_timeout", d.connectTimeout(), 1, false),
                h.duration("first_byte_timeout", d.firstByteTimeout(), 1, false), h.duration("total_timeout", d.totalTimeout(), 1, false),
                h.integer("redirects", d.maxRedirects(), 0, 50), h.bool("gzip", true), h.integer("max_body_bytes", d.maxBodyBytes(), 1024,
                Integer.MAX_VALUE), policy.equals("shared") ? ClientSettings.Policy.SHARED : ClientSettings.Policy.PER_USER,
                h.integer("connections", d.sharedConnections(), 1, 100_000));
        String ca = h.string("ca", null);
        boolean insecure = h.bool("insecure", false);
        if (ca != null && insecure) throw h.bad("insecure", h.raw().get("insecure"), "either http.ca (a CA file to trust) or http.insecure: true, not both");
        client = client.withTls(ca == null ? null : Path.of(ca), insecure).withProtocol(protocol(h));
        if (ca != null && !java.nio.file.Files.isRegularFile(Path.of(ca))) {
            throw h.bad("ca", h.raw().get("ca"), "a PEM file of the CA certificate(s) that signed the server's certificate ("
                    + Path.of(ca).toAbsolutePath() + " does not exist)");
        }
        if (client.totalTimeout().compareTo(client.firstByteTimeout()) < 0) {
            throw h.bad("total_timeout", h.raw().get("total_timeout"), "at least the first_byte_timeout ("
                    + dev.stampede.core.config.Durations.format(client.firstByteTimeout()) + ")");
        }
        Set<String> tags = new HashSet<>(h.strings("tags"));
        Set<String> exclude = new HashSet<>(h.strings("exclude_tags"));
        TagCheck.known(h, "tags", tags, personas);
        TagCheck.known(h, "exclude_tags", exclude, personas);
        for (Persona p : personas) {
            if (p.select(tags, exclude).tasks().isEmpty()) {
                throw new ConfigException("persona '" + p.name() + "' has no task left after http.tags " + tags + " and http.exclude_tags "
                        + exclude + "; tag one of its tasks or loosen the selection");
            }
        }
        return new HttpConfig(url, personas, source, path, tags, exclude, client, h.number("leak_share", 0.02, 0, 1),
                h.integer("io_threads", 0, 0, 256));
    }

    /** {@code http_version}: 1.1 (default), 2 or auto. */
    static ClientSettings.Protocol protocol(ConfigSection h) {
        String v = h.string("http_version", "1.1").trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "1.1", "http/1.1", "1" -> ClientSettings.Protocol.HTTP_1_1;
            case "2", "http/2", "h2", "h2c" -> ClientSettings.Protocol.HTTP_2;
            case "auto" -> ClientSettings.Protocol.AUTO;
            default -> throw h.bad("http_version", h.raw().get("http_version"), "1.1, 2 (h2 over https through ALPN, h2c with prior knowledge "
                    + "over http) or auto (https: the server picks h2 or http/1.1)");
        };
    }

    @Override
    public List<WorkloadType> workloads() {
        return List.of(new WorkloadType(WORKLOAD, "HTTP personas (weighted tasks, on_start login, checks) against http.base_url, or the "
                        + "reference stack when none is set"),
                new WorkloadType(STACK_WORKLOAD, "HTTP personas on the reference stack over the PostgreSQL and Redis targets: HTTP latency, "
                        + "pool, database and cache in one report", Set.of("postgres", "redis")),
                new WorkloadType(WS_WORKLOAD, "HTTP and WebSocket personas (built-in: a card game's players joining, moving and watching "
                        + "state broadcasts) against http.base_url, or the reference server's game WebSocket when none is set"),
                new WorkloadType(UPLOAD_WORKLOAD, "multipart uploads (built-in: seed 004's upload stress, generated 5 MiB files to the "
                        + "rate-limited /api/upload) against http.base_url, or the reference server alone when none is set; MB/s in the HTTP section"));
    }

    @Override public List<ScenarioSpec> scenarios() { return HttpLevels.scenarios(); }

    @Override public Map<String, List<String>> scenarioSets() { return Map.of(HttpLevels.SET, HttpLevels.levelNames()); }

    @Override public List<ReportSection> reportSections() { return List.of(new HttpSection(), new WsSection()); }


    @Override public List<ErrorClass> errorClasses() { return HttpErrors.ALL; }

    @Override
    public Target open(TargetSettings settings, SessionContext context) throws TargetUnreachableException {
        return HttpTarget.open((HttpConfig) settings, context);
    }

    @Override
    public int clean(TargetSettings settings, PrintWriter out) {
        out.println("http: nothing to clean (Stampede writes nothing to an HTTP API except the requests of a run; the reference stack's "
                + "tables live in Stampede's PostgreSQL schema and go with `stampede clean` of the database)");
        return 0;
    }

    static Duration seconds(long s) { return Duration.ofSeconds(s); }
}
