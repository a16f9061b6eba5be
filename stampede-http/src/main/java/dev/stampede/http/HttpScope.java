package dev.stampede.http;

import dev.stampede.core.advisor.Recommendation;
import dev.stampede.core.api.Monitor;
import dev.stampede.core.api.Workload;
import dev.stampede.core.config.WorkloadConfig;
import dev.stampede.core.engine.NanoClock;
import dev.stampede.core.engine.PhaseListener;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.target.ScenarioFindings;
import dev.stampede.core.target.ScenarioScope;
import dev.stampede.core.target.ScenarioUse;
import dev.stampede.core.target.SqlDatabase;
import dev.stampede.core.target.Target;
import dev.stampede.core.target.TargetSettings;
import dev.stampede.http.client.HttpClient;
import dev.stampede.http.client.Origin;
import dev.stampede.http.demo.ReferenceStack;
import dev.stampede.http.persona.Persona;
import dev.stampede.http.persona.PersonaParser;
import dev.stampede.http.persona.PersonaWorkload;
import dev.stampede.http.persona.Step;
import dev.stampede.http.report.HttpReport;
import dev.stampede.http.report.HttpStats;
import dev.stampede.http.report.WsReport;
import dev.stampede.http.report.WsStats;
import dev.stampede.http.ws.WsClient;
import dev.stampede.redis.RedisConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP's part in one scenario: the reference stack when no base URL is set (over the PostgreSQL and Redis targets
 * for {@code http-stack}, so the API's pool, database and cache are the ones their sections report), the scenario's
 * client, the persona workload, the HTTP monitor and, at the end, the HTTP section. Session thread only, except
 * {@link #abort()}.
 */
final class HttpScope implements ScenarioScope {
    static final String REFERENCE_PERSONAS = "/dev/stampede/http/persona/reference-stack.yaml";
    /** The game WebSocket's built-in personas (workload http-ws). */
    static final String GAME_PERSONAS = "/dev/stampede/http/persona/reference-game.yaml";
    /** Seed 004's upload stress (workload http-upload). */
    static final String UPLOAD_PERSONAS = "/dev/stampede/http/persona/reference-upload.yaml";
    private static final Pattern LOCAL_PORT = Pattern.compile("127\\.0\\.0\\.1:(\\d+)");
    private static final int STACK_POOL = 16;

    private final HttpTarget target;
    private final Origin origin;
    private final String server;
    private final ReferenceStack stack;
    private final SqlDatabase.Pool dbPool;
    private final HttpClient client;
    private final HttpStats stats;
    private final PersonaWorkload workload;
    private final HttpMonitor monitor;
    private final List<Monitor> monitors = new ArrayList<>();
    private final WsClient ws;
    private final WsStats wsStats;
    private final WsMonitor wsMonitor;

    private HttpScope(HttpTarget target, Origin origin, String server, ReferenceStack stack, SqlDatabase.Pool dbPool, HttpClient client,
                      HttpStats stats, PersonaWorkload workload, WsClient ws, WsStats wsStats) {
        this.ws = ws;
        this.wsStats = wsStats;
        this.wsMonitor = ws == null ? null : new WsMonitor(ws, wsStats);
        this.target = target;
        this.origin = origin;
        this.server = server;
        this.stack = stack;
        this.dbPool = dbPool;
        this.client = client;
        this.stats = stats;
        this.workload = workload;
        this.monitor = client == null ? null : new HttpMonitor(client, stats);
        if (monitor != null) monitors.add(monitor);
        if (wsMonitor != null) monitors.add(wsMonitor);
        if (dbPool != null) monitors.add(dbPool.monitor());
    }

    static HttpScope begin(HttpTarget target, ScenarioUse use) throws Exception {
        if (!use.drivesLoad()) return new HttpScope(target, null, null, null, null, null, null, null, null, null);
        HttpConfig c = target.config();
        Origin origin = target.origin();
        ReferenceStack stack = null;
        SqlDatabase.Pool pool = null;
        String server;
        try {
            if (origin == null) {
                boolean overTargets = use.scenario().workload().type().equals(HttpTargetProvider.STACK_WORKLOAD);
                boolean uploads = use.scenario().workload().type().equals(HttpTargetProvider.UPLOAD_WORKLOAD);
                boolean gameOnly = uploads || use.scenario().workload().type().equals(HttpTargetProvider.WS_WORKLOAD);
                Target pg = use.targets().get("postgres");
                SqlDatabase db = pg == null ? null : pg.capability(SqlDatabase.class).orElse(null);
                String redisUrl = overTargets ? redisUrl(target, use.targets().get("redis")) : null;
                if (gameOnly) {
                    stack = ReferenceStack.gameOnly(0, NanoClock.SYSTEM);
                    server = uploads ? "the reference server on 127.0.0.1 (its upload endpoints count the bytes; no database or cache behind it)"
                            : "the reference stack's game WebSocket on 127.0.0.1 (in memory; no database or cache behind it)";
                } else if (overTargets && db != null && redisUrl != null) {
                    String schema = db.prepareData(new WorkloadConfig("game", 1, 0.7, 1, null, List.of(), List.of()));
                    pool = db.pool(STACK_POOL);
                    stack = ReferenceStack.over(pool.dataSource(), schema, redisUrl, redisPrefix(target), 0, STACK_POOL, c.leakShare(),
                            NanoClock.SYSTEM);
                    server = "the reference stack on 127.0.0.1 over the run's PostgreSQL (schema " + schema + ", pool of " + STACK_POOL
                            + ") and Redis";
                } else {
                    stack = ReferenceStack.standalone(0, STACK_POOL, c.leakShare(), NanoClock.SYSTEM);
                    server = "the reference stack on 127.0.0.1 over its own embedded PostgreSQL and Redis";
                    target.context().note("scenario '" + use.scenario().plan().name() + "': the reference stack runs over its own embedded "
                            + "PostgreSQL and Redis, so their sections are not in this report; workload http-stack (scenario http-quick) "
                            + "puts them in");
                }
                origin = Origin.parse(stack.baseUrl(), "the reference stack");
                target.context().out().println("Reference stack: " + stack.baseUrl() + " (" + server + ")");
            } else {
                server = "the API at " + origin;
            }
            String type = use.scenario().workload().type();
            List<Persona> personas = personas(c, stack != null, type);
            refuseHonourOnArrivals(personas, use.scenario().plan());
            // the user's API through the run's fault proxy when a scenario faults it; the reference stack is started per
            // scenario on a port of its own and connects directly
            java.net.InetSocketAddress via = stack == null ? target.loadAddress() : null;
            HttpClient client = new HttpClient(origin, via, c.client(), target.transport(), false);
            HttpStats stats = new HttpStats();
            WsStats wsStats = new WsStats();
            WsClient ws = hasWs(personas) ? new WsClient(origin, via, c.client(), target.transport(), wsStats) : null;
            PersonaWorkload w = new PersonaWorkload(type, personas, client, stats, ws, wsStats, NanoClock.SYSTEM);
            return new HttpScope(target, origin, server, stack, pool, client, stats, w, ws, wsStats);
        } catch (Exception | Error e) {
            if (stack != null) stack.close();
            if (pool != null) pool.close();
            throw e;
        }
    }

    /**
     * Retry-After is honoured by delaying a user's next request; an arrival-rate phase starts requests on its own
     * schedule, so honouring there would be a promise the engine cannot keep: refused before the load.
     */
    static void refuseHonourOnArrivals(List<Persona> personas, dev.stampede.core.engine.ScenarioPlan plan) {
        boolean open = plan.phases().stream().anyMatch(p -> p.model() instanceof dev.stampede.core.engine.LoadModel.Open);
        if (!open) return;
        for (Persona p : personas) {
            if (p.retryAfter().honour()) {
                throw new dev.stampede.core.config.ConfigException("scenario '" + plan.name() + "' sets an arrival rate, but persona '"
                        + p.name() + "' has retry_after: honour: arrivals start on their schedule and cannot wait for a server's "
                        + "Retry-After; use users (the closed model) for this scenario, or retry_after: ignore");
            }
        }
    }

    static boolean hasWs(List<Persona> personas) {
        for (Persona p : personas) {
            for (Step s : p.onStart()) if (s.isWs()) return true;
            for (Step s : p.tasks()) if (s.isWs()) return true;
        }
        return false;
    }

    static List<Persona> personas(HttpConfig c, boolean referenceStack) {
        return personas(c, referenceStack, HttpTargetProvider.WORKLOAD);
    }

    /** The configured personas, or the workload's built-in ones; then the tag selection. */
    static List<Persona> personas(HttpConfig c, boolean referenceStack, String workloadType) {
        List<Persona> base = !c.personas().isEmpty() ? c.personas()
                : HttpTargetProvider.WS_WORKLOAD.equals(workloadType) ? PersonaParser.resource(GAME_PERSONAS)
                : HttpTargetProvider.UPLOAD_WORKLOAD.equals(workloadType) ? PersonaParser.resource(UPLOAD_PERSONAS)
                : referenceStack ? PersonaParser.resource(REFERENCE_PERSONAS)
                : List.of(new Persona("default", 1, List.of(), List.of(Step.get("GET " + c.path(), c.path(), 1, List.of())), null));
        List<Persona> out = new ArrayList<>();
        for (Persona p : base) {
            Persona s = p.select(c.tags(), c.excludeTags());
            if (!s.tasks().isEmpty()) out.add(s);
        }
        if (out.isEmpty()) {
            throw new dev.stampede.core.config.ConfigException("no persona has a task left after http.tags " + c.tags() + " and http.exclude_tags "
                    + c.excludeTags() + "; loosen the selection");
        }
        return out;
    }

    /** The Redis target's URL: the configured one, or the embedded server's local port from its description. */
    static String redisUrl(HttpTarget target, Target redis) {
        if (redis == null) return null;
        TargetSettings s = target.context().config().targets().get("redis");
        if (s instanceof RedisConfig rc && rc.url() != null) return rc.url();
        Object d = redis.describe().get("redis");
        if (d == null) return null;
        Matcher m = LOCAL_PORT.matcher(d.toString());
        return m.find() ? "redis://127.0.0.1:" + m.group(1) + "/0" : null;
    }

    static String redisPrefix(HttpTarget target) {
        TargetSettings s = target.context().config().targets().get("redis");
        return s instanceof RedisConfig rc ? rc.keyPrefix() : "stampede:";
    }

    @Override public Workload workload() { return workload; }

    @Override
    public String workloadDescription() {
        if (workload == null) return null;
        StringBuilder b = new StringBuilder("HTTP personas on " + origin + ": ");
        for (int i = 0; i < workload.personas().size(); i++) {
            Persona p = workload.personas().get(i);
            if (i > 0) b.append(", ");
            b.append(p.name()).append(" (weight ").append(fmt(p.weight())).append(", ").append(p.tasks().size()).append(" tasks")
                    .append(p.onStart().isEmpty() ? "" : ", " + p.onStart().size() + " on_start").append(')');
        }
        return b.toString();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    @Override public List<Monitor> monitors() { return monitors; }

    @Override
    public PhaseListener phaseListener() {
        if (stats == null) return PhaseListener.NONE;
        return new PhaseListener() {
            @Override
            public void phaseStarted(PhasePlan phase) {
                if (phase.recorded()) stats.recording(true);
                if (phase.recorded()) wsStats.recording(true);
            }

            @Override
            public void phaseEnded(PhasePlan phase) {
                if (phase.recorded()) stats.recording(false);
                if (phase.recorded()) wsStats.recording(false);
                workload.dropUsers();
            }
        };
    }

    @Override
    public void abort() {
        if (client != null) client.close();
        if (ws != null) ws.close();
        if (dbPool != null) dbPool.abort();
    }

    @Override
    public ScenarioFindings finish(ScenarioRun run) {
        if (workload == null) return ScenarioFindings.NONE;
        List<HttpReport.Endpoint> endpoints = stats.endpoints(run.measuredSeconds());
        long requests = 0, throttled = 0;
        for (HttpReport.Endpoint e : endpoints) {
            requests += e.requests();
            throttled += e.throttled();
        }
        HttpReport r = new HttpReport(origin.toString(), server, target.transport().kind(),
                target.config().client().policy().name().toLowerCase(Locale.ROOT).replace('_', '-'), client.connectionsOpened(),
                client.connectFailures(), monitor.peak(), requests, throttled, requests == 0 ? 0 : (double) throttled / requests,
                workload.personas().stream().map(Persona::name).toList(), endpoints, HttpReport.total(endpoints), stats.protocols());
        List<Recommendation> recs = new ArrayList<>();
        if (throttled > 0) {
            StringBuilder ev = new StringBuilder();
            for (HttpReport.Endpoint e : endpoints) {
                if (e.throttled() == 0) continue;
                if (!ev.isEmpty()) ev.append("; ");
                ev.append(String.format(Locale.ROOT, "%s: %d of %d throttled (%.1f %%), Retry-After %s", e.operation(), e.throttled(), e.requests(),
                        100 * e.throttledShare(), e.retryAfter()));
            }
            recs.add(new Recommendation("info", "The API throttled " + throttled + " of " + requests + " requests", ev.toString(),
                    "Throttled responses (429, or 503 with Retry-After) are counted apart from errors. If the limit is intended, check "
                            + "its numbers here; if not, raise it or spread the load (fewer users, think time)."));
        }
        if (stack != null && stack.server().backend().leakedConnections() > 0) {
            recs.add(new Recommendation("warning", "The reference stack leaked " + stack.server().backend().leakedConnections()
                    + " pooled connections (/api/leaky, leak_share " + target.config().leakShare() + ")",
                    "the pool series shows active connections that never return", "This is the demo's deliberate leak: it shows how a leak "
                    + "looks in the pool section (active rising, idle falling, waits growing)."));
        }
        Map<String, Object> extras = new java.util.LinkedHashMap<>();
        extras.put(HttpReport.KEY, r);
        if (ws != null) extras.put(WsReport.KEY, wsStats.report(run.measuredSeconds(), wsMonitor.peak()));
        return new ScenarioFindings(List.of(), recs, extras);
    }

    @Override
    public void close() {
        try {
            if (workload != null) workload.dropUsers();
            if (client != null) client.close();
            if (ws != null) ws.close();
        } finally {
            try {
                if (stack != null) stack.close();
            } finally {
                if (dbPool != null) dbPool.close();
            }
        }
    }
}
