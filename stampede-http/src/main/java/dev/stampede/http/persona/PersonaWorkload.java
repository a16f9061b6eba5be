package dev.stampede.http.persona;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampede.core.api.AsyncOperation;
import dev.stampede.core.api.Completion;
import dev.stampede.core.api.ErrorClass;
import dev.stampede.core.api.Operation;
import dev.stampede.core.api.OperationContext;
import dev.stampede.core.api.Outcome;
import dev.stampede.core.api.Workload;
import dev.stampede.core.engine.NanoClock;
import dev.stampede.http.HttpErrors;
import dev.stampede.http.client.Failure;
import dev.stampede.http.client.HttpClient;
import dev.stampede.http.client.PreparedRequest;
import dev.stampede.http.client.Reply;
import dev.stampede.http.client.ReplyListener;
import dev.stampede.http.report.HttpStats;
import dev.stampede.http.report.WsStats;
import dev.stampede.http.ws.WsClient;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Personas as a {@link Workload}: one {@link AsyncOperation} per persona step (named {@code persona:step} when there
 * are several personas), all driven by one dispatcher. A virtual user is an {@link OperationContext}; on its first
 * attempt it is given a persona by weight (and a feeder row), runs that persona's on_start steps in order, then
 * tasks by weight. The engine's pick is a placeholder; the attempt is recorded under the step actually sent
 * ({@link OperationContext#recordAs}). Thread-safe: per-user state lives in {@link VirtualUser}, keyed by context.
 */
public final class PersonaWorkload implements Workload {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a leaving user's WebSocket waits for the server's answer to its close (1001) before dropping it. */
    static final long GO_AWAY_MS = 2000;

    private final String name;
    private final HttpClient client;
    private final HttpStats stats;
    private final NanoClock clock;
    private final List<Persona> personas;
    private final List<Operation> operations = new ArrayList<>();
    private final Step[] steps;
    private final int[][] onStart;
    private final int[][] tasks;
    private final double[][] taskWeights;
    private final double[] personaWeights;
    private final Map<OperationContext, VirtualUser> users = new ConcurrentHashMap<>();
    private final AtomicLong userNumbers = new AtomicLong();
    private final long[] assigned;
    private final int firstTask;

    private final WsRunner ws;
    private final WsStats wsStats;

    public PersonaWorkload(String name, List<Persona> personas, HttpClient client, HttpStats stats, NanoClock clock) {
        this(name, personas, client, stats, null, new WsStats(), clock);
    }

    /**
     * @param ws      the WebSocket client for personas with ws steps (null when none has one)
     * @param wsStats the WebSocket counters the ws steps report to
     */
    public PersonaWorkload(String name, List<Persona> personas, HttpClient client, HttpStats stats, WsClient ws, WsStats wsStats, NanoClock clock) {
        this.ws = ws == null ? null : new WsRunner(ws, wsStats, clock);
        this.wsStats = wsStats;
        this.name = name;
        this.client = client;
        this.stats = stats;
        this.clock = clock;
        this.personas = List.copyOf(personas);
        List<Step> all = new ArrayList<>();
        onStart = new int[personas.size()][];
        tasks = new int[personas.size()][];
        taskWeights = new double[personas.size()][];
        personaWeights = new double[personas.size()];
        assigned = new long[personas.size()];
        boolean prefix = personas.size() > 1;
        int first = -1;
        double pw = 0;
        for (int p = 0; p < personas.size(); p++) {
            Persona persona = personas.get(p);
            pw += persona.weight();
            personaWeights[p] = pw;
            onStart[p] = new int[persona.onStart().size()];
            for (int i = 0; i < onStart[p].length; i++) {
                Step s = persona.onStart().get(i);
                onStart[p][i] = add(all, persona, s, (prefix ? persona.name() + ":" : "") + "on_start:" + s.name());
            }
            tasks[p] = new int[persona.tasks().size()];
            taskWeights[p] = new double[tasks[p].length];
            double w = 0;
            for (int i = 0; i < tasks[p].length; i++) {
                Step s = persona.tasks().get(i);
                tasks[p][i] = add(all, persona, s, (prefix ? persona.name() + ":" : "") + s.name());
                if (first < 0) first = tasks[p][i];
                w += s.weight();
                taskWeights[p][i] = w;
            }
        }
        if (pw <= 0) throw new IllegalArgumentException("every persona has weight 0");
        this.steps = all.toArray(new Step[0]);
        this.firstTask = Math.max(0, first);
    }

    private int add(List<Step> all, Persona persona, Step s, String opName) {
        int index = all.size();
        all.add(s);
        stats.add(persona.name(), opName, s.isWs() ? "WS" : s.method().name(), s.path().toString());
        if (s.isWs()) {
            if (ws == null) throw new IllegalArgumentException("persona '" + persona.name() + "' has WebSocket steps but no WebSocket client was given");
            wsStats.add(index, persona.name(), opName, s.ws().action().name().toLowerCase(java.util.Locale.ROOT),
                    s.ws().action() == WsStep.Action.CONNECT ? s.path().toString() : s.ws().action() == WsStep.Action.CLOSE ? Integer.toString(s.ws().closeCode()) : "");
        }
        operations.add(new StepOperation(opName, index));
        return index;
    }

    @Override public String name() { return name; }

    @Override public List<Operation> operations() { return operations; }

    /** A placeholder: the dispatcher chooses the step from the user's persona and records the attempt under it. */
    @Override public int pick(SplittableRandom random) { return firstTask; }

    public List<Persona> personas() { return personas; }

    /** Users seen so far (contexts that made at least one attempt). */
    public int users() { return users.size(); }

    /** Closes every user's connection and forgets them (the end of a phase: the next phase has new users). */
    public void dropUsers() {
        for (VirtualUser u : users.values()) {
            client.closeLane(u.lane);
            dev.stampede.http.ws.WsConnection c = u.ws;
            if (c != null) c.channel().eventLoop().execute(() -> c.goAway(GO_AWAY_MS));
        }
        users.clear();
    }

    private VirtualUser user(OperationContext ctx) {
        VirtualUser u = users.get(ctx);
        if (u != null) return u;
        int p = assignPersona();
        u = new VirtualUser(p, userNumbers.incrementAndGet(), client.lane());
        Feeder f = personas.get(p).feeder();
        if (f != null) u.vars.putAll(f.take());
        users.put(ctx, u);
        return u;
    }

    /**
     * The persona of the next user: the one furthest below its weighted share of the users so far (as Locust spreads
     * users over its User classes), so that 5 users over weights 3:1:1 are always 3, 1 and 1, never all of one kind.
     */
    private synchronized int assignPersona() {
        long n = assigned.length == 0 ? 0 : java.util.Arrays.stream(assigned).sum() + 1;
        double total = personaWeights[personaWeights.length - 1];
        int best = 0;
        double bestDeficit = Double.NEGATIVE_INFINITY;
        for (int p = 0; p < assigned.length; p++) {
            double w = personaWeights[p] - (p == 0 ? 0 : personaWeights[p - 1]);
            if (w <= 0) continue;
            double deficit = n * w / total - assigned[p];
            if (deficit > bestDeficit + 1e-12) {
                bestDeficit = deficit;
                best = p;
            }
        }
        assigned[best]++;
        return best;
    }

    private int nextStep(VirtualUser u, SplittableRandom r) {
        int[] os = onStart[u.persona];
        if (u.onStartDone < os.length) return os[u.onStartDone++];
        int[] ts = tasks[u.persona];
        if (ts.length == 1) return ts[0];
        double[] w = taskWeights[u.persona];
        double x = r.nextDouble() * w[w.length - 1];
        int i = 0;
        while (i < w.length - 1 && x >= w[i]) i++;
        return ts[i];
    }

    void start(OperationContext ctx, Completion done) {
        VirtualUser u = user(ctx);
        boolean task = u.onStartDone >= onStart[u.persona].length;
        int op = nextStep(u, ctx.random());
        WaitTime wait = personas.get(u.persona).waitTime();
        // Locust waits after each task, not between on_start and the first task; the engine does the waiting
        if (wait != null) {
            if (task) wait.apply(ctx, ctx.random());
            else ctx.thinkNext(0);
        }
        ctx.recordAs(op);
        Step s = steps[op];
        if (s.isWs()) {
            ws.start(ctx, done, u, op, s);
            return;
        }
        PreparedRequest req = render(s, u, ctx.random());
        client.send(u.lane, req, new Attempt(ctx, done, u, op, s, clock.nanoTime()));
    }

    PreparedRequest render(Step s, VirtualUser u, SplittableRandom r) {
        java.util.function.Function<String, String> vars = u.vars::get;
        StringBuilder path = new StringBuilder(s.path().render(vars, r, u.number, PersonaWorkload::pathEscape));
        char sep = path.indexOf("?") < 0 ? '?' : '&';
        for (Map.Entry<String, Template> q : s.query().entrySet()) {
            path.append(sep).append(URLEncoder.encode(q.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(q.getValue().render(vars, r, u.number, v -> URLEncoder.encode(v, StandardCharsets.UTF_8)));
            sep = '&';
        }
        HttpHeaders h = new DefaultHttpHeaders();
        for (Map.Entry<String, Template> e : s.headers().entrySet()) h.add(e.getKey(), e.getValue().render(vars, r, u.number, v -> v));
        String cookie = u.cookieHeader();
        if (cookie != null && !h.contains(HttpHeaderNames.COOKIE)) h.set(HttpHeaderNames.COOKIE, cookie);
        if (u.bearer != null && !h.contains(HttpHeaderNames.AUTHORIZATION)) h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + u.bearer);
        byte[] body = null;
        if (s.body() != null) {
            body = s.body().render(vars, r, u.number, s.json() ? PersonaWorkload::jsonEscape : v -> v).getBytes(StandardCharsets.UTF_8);
            if (!h.contains(HttpHeaderNames.CONTENT_TYPE)) {
                h.set(HttpHeaderNames.CONTENT_TYPE, s.json() ? "application/json" : "text/plain; charset=utf-8");
            }
        }
        dev.stampede.http.client.UploadBody upload = s.upload();
        if (s.uploadName() != null) {
            // a part header may hold no quote or line break: a rendered value's are replaced, not refused mid-run
            upload = upload.withFilename(s.uploadName().render(vars, r, u.number, v -> v.replaceAll("[\"\r\n]", "_")));
        }
        if (!s.uploadFields().isEmpty()) {
            List<Map.Entry<String, String>> values = new ArrayList<>(s.uploadFields().size());
            for (Map.Entry<String, Template> f : s.uploadFields().entrySet()) {
                values.add(Map.entry(f.getKey(), f.getValue().render(vars, r, u.number, v -> v)));
            }
            upload = upload.withFields(values);
        }
        return new PreparedRequest(s.method(), path.toString(), h, body, upload);
    }

    static String pathEscape(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String jsonEscape(String v) {
        String q = quote(v);
        return q.substring(1, q.length() - 1);
    }

    private static String quote(String v) {
        try {
            return JSON.writeValueAsString(v);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True for a throttled response: 429, or 503 with Retry-After. */
    static boolean throttled(int status, HttpHeaders h) {
        return status == 429 || (status == 503 && h.contains(HttpHeaderNames.RETRY_AFTER));
    }

    /** Judges a response against its step's check; null when it passes. */
    static Outcome judge(Step s, Reply reply, double elapsedMs, JsonNode[] parsed) {
        int status = reply.status();
        Check c = s.check();
        if (!c.accepts(status)) {
            if (throttled(status, reply.headers())) {
                String ra = reply.headers().get(HttpHeaderNames.RETRY_AFTER);
                return Outcome.failed(HttpErrors.THROTTLED, "status " + status + " (throttled)" + (ra == null ? ", no Retry-After" : ", Retry-After " + ra));
            }
            ErrorClass ec = status >= 500 ? HttpErrors.STATUS_5XX : status >= 400 ? HttpErrors.STATUS_4XX : HttpErrors.CHECK;
            return Outcome.failed(ec, "status " + status + (c.statuses().isEmpty() ? "" : ", expected " + new java.util.TreeSet<>(c.statuses())));
        }
        if (c.maxLatencyMs() > 0 && elapsedMs > c.maxLatencyMs()) {
            return Outcome.failed(HttpErrors.CHECK, String.format(Locale.ROOT, "took %.1f ms, check allows %.0f ms", elapsedMs, c.maxLatencyMs()));
        }
        for (String want : c.bodyContains()) {
            if (!reply.bodyText().contains(want)) return Outcome.failed(HttpErrors.CHECK, "body does not contain '" + clip(want) + "'");
        }
        for (Map.Entry<String, String> e : c.headers().entrySet()) {
            String v = reply.headers().get(e.getKey());
            if (v == null) return Outcome.failed(HttpErrors.CHECK, "header " + e.getKey() + " missing");
            if (!v.contains(e.getValue())) {
                return Outcome.failed(HttpErrors.CHECK, "header " + e.getKey() + " is '" + clip(v) + "', expected it to contain '" + clip(e.getValue()) + "'");
            }
        }
        if (s.readsJson()) {
            try {
                parsed[0] = JSON.readTree(reply.body());
            } catch (java.io.IOException e) {
                return Outcome.failed(HttpErrors.CHECK, "body is not JSON (" + clip(reply.bodyText()) + ")");
            }
            for (Map.Entry<JsonPath, String> e : c.json().entrySet()) {
                JsonNode n = e.getKey().read(parsed[0]);
                if (n == null) return Outcome.failed(HttpErrors.CHECK, "JSON path " + e.getKey() + " not found");
                String want = e.getValue();
                if (want != null) {
                    String got = n.isValueNode() ? n.asText() : n.toString();
                    if (!want.equals(got)) {
                        return Outcome.failed(HttpErrors.CHECK, "JSON path " + e.getKey() + " is '" + clip(got) + "', expected '" + clip(want) + "'");
                    }
                }
            }
        }
        return null;
    }

    private static String clip(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }

    /** One request's completion: stats, cookies and extractions for the user, then the outcome. Event loop thread. */
    private final class Attempt implements ReplyListener {
        private final OperationContext ctx;
        private final Completion done;
        private final VirtualUser user;
        private final int op;
        private final Step step;
        private final long sentAt;

        Attempt(OperationContext ctx, Completion done, VirtualUser user, int op, Step step, long sentAt) {
            this.ctx = ctx;
            this.done = done;
            this.user = user;
            this.op = op;
            this.step = step;
            this.sentAt = sentAt;
        }

        @Override
        public void acquired() {
            ctx.markAcquired();
        }

        @Override
        public void reply(Reply reply) {
            double ms = (clock.nanoTime() - sentAt) / 1e6;
            boolean thr = throttled(reply.status(), reply.headers());
            if (step.upload() != null) stats.upload(op, step.upload().size(), clock.nanoTime() - sentAt);
            stats.protocol(reply.protocol());
            String retryAfter = reply.headers().get(HttpHeaderNames.RETRY_AFTER);
            stats.response(op, reply.status(), thr, retryAfter, reply.bytesIn(), reply.bytesOut());
            if (thr) honour(personas.get(user.persona).retryAfter(), retryAfter);
            for (String sc : reply.headers().getAll(HttpHeaderNames.SET_COOKIE)) user.setCookie(sc);
            JsonNode[] parsed = new JsonNode[1];
            Outcome o = judge(step, reply, ms, parsed);
            if (o == null && parsed[0] != null) {
                for (Map.Entry<String, JsonPath> e : step.extract().entrySet()) {
                    String v = e.getValue().readText(parsed[0]);
                    if (v == null) {
                        o = Outcome.failed(HttpErrors.CHECK, "extract " + e.getKey() + ": JSON path " + e.getValue() + " not found");
                        break;
                    }
                    user.vars.put(e.getKey(), v);
                }
                if (o == null && step.bearer() != null) {
                    String t = step.bearer().readText(parsed[0]);
                    if (t == null) o = Outcome.failed(HttpErrors.CHECK, "bearer: JSON path " + step.bearer() + " not found");
                    else user.bearer = t;
                }
            }
            done.complete(o == null ? Outcome.OK : o);
        }

        /**
         * A throttled response under a persona that honours Retry-After: the user's next request waits at least as
         * long as the header says (capped; a longer think time stands). Closed model only: HttpScope refuses honour on
         * an arrival-rate scenario, whose requests start on their own schedule.
         */
        private void honour(RetryAfter policy, String header) {
            if (!policy.honour()) return;
            long ms = RetryAfter.delayMillis(header, clock.currentTimeMillis());
            if (ms < 0) {
                stats.retryAfterUnreadable(op);
                return;
            }
            long asked = ms * 1_000_000L;
            long wait = Math.min(asked, policy.maxNanos());
            ctx.notBefore(wait);
            stats.retryAfterWait(op, wait, asked > policy.maxNanos());
        }

        @Override
        public void failed(Failure failure, String message, boolean sent, long bytesIn, long bytesOut) {
            stats.noResponse(op, bytesIn, bytesOut);
            ErrorClass ec = HttpErrors.ofFailure(failure);
            boolean maybeDone = sent && !step.method().equals(io.netty.handler.codec.http.HttpMethod.GET)
                    && !step.method().equals(io.netty.handler.codec.http.HttpMethod.HEAD);
            done.complete(maybeDone ? Outcome.unknown(ec, message) : Outcome.failed(ec, message));
        }
    }

    /** One persona step as an operation of the workload; every instance dispatches through the user's persona. */
    private final class StepOperation implements AsyncOperation {
        private final String name;
        private final int index;

        StepOperation(String name, int index) {
            this.name = name;
            this.index = index;
        }

        @Override public String name() { return name; }

        @Override
        public void start(OperationContext context, Completion done) {
            PersonaWorkload.this.start(context, done);
        }

        @Override
        public String toString() { return name + "#" + index; }
    }
}
