package dev.stampede.http.persona;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stampede.core.api.Completion;
import dev.stampede.core.api.OperationContext;
import dev.stampede.core.api.Outcome;
import dev.stampede.core.engine.NanoClock;
import dev.stampede.http.HttpErrors;
import dev.stampede.http.report.WsStats;
import dev.stampede.http.ws.WsCallback;
import dev.stampede.http.ws.WsClient;
import dev.stampede.http.ws.WsConnection;
import dev.stampede.http.ws.WsExpectation;
import dev.stampede.http.ws.WsFailure;
import dev.stampede.http.ws.WsOpen;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Runs a persona's WebSocket steps as attempts: renders the step's templates for the user (on the calling thread,
 * which owns the attempt), then does the step on the user's event loop, where its WebSocket lives, and completes the
 * attempt there. {@code markAcquired} is called on the loop just before the handshake or the send, so an attempt's
 * execution time is the round trip (send to matching reply) and its latency still runs from the intended start.
 * Values taken from the matched message by {@code extract} become the user's variables. Thread-safe.
 */
final class WsRunner {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WsClient client;
    private final WsStats stats;
    private final NanoClock clock;

    WsRunner(WsClient client, WsStats stats, NanoClock clock) {
        this.client = client;
        this.stats = stats;
        this.clock = clock;
    }

    void start(OperationContext ctx, Completion done, VirtualUser u, int op, Step s) {
        WsStep w = s.ws();
        SplittableRandom r = ctx.random();
        Function<String, String> vars = u.vars::get;
        WsExpectation expect = w.expects() ? expectation(w, vars, r, u.number) : null;
        String message = w.message() == null ? null : w.message().render(vars, r, u.number, w.json() ? PersonaWorkload::jsonEscape : v -> v);
        String target = null;
        HttpHeaders headers = null;
        if (w.action() == WsStep.Action.CONNECT) {
            StringBuilder p = new StringBuilder(w.path().render(vars, r, u.number, PersonaWorkload::pathEscape));
            char sep = p.indexOf("?") < 0 ? '?' : '&';
            for (Map.Entry<String, Template> q : w.query().entrySet()) {
                p.append(sep).append(URLEncoder.encode(q.getKey(), StandardCharsets.UTF_8)).append('=')
                        .append(q.getValue().render(vars, r, u.number, v -> URLEncoder.encode(v, StandardCharsets.UTF_8)));
                sep = '&';
            }
            target = p.toString();
            headers = new DefaultHttpHeaders();
            for (Map.Entry<String, Template> e : w.headers().entrySet()) headers.add(e.getKey(), e.getValue().render(vars, r, u.number, v -> v));
            String cookie = u.cookieHeader();
            if (cookie != null && !headers.contains(HttpHeaderNames.COOKIE)) headers.set(HttpHeaderNames.COOKIE, cookie);
            if (u.bearer != null && !headers.contains(HttpHeaderNames.AUTHORIZATION)) headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + u.bearer);
        }
        String path = target;
        HttpHeaders h = headers;
        EventLoop loop = u.lane.loop();
        Runnable go = () -> run(ctx, done, u, op, s, expect, message, path, h);
        if (loop.inEventLoop()) go.run();
        else loop.execute(go);
    }

    private static WsExpectation expectation(WsStep w, Function<String, String> vars, SplittableRandom r, long vu) {
        Map<JsonPath, String> json = new LinkedHashMap<>();
        for (Map.Entry<JsonPath, Template> e : w.expectJson().entrySet()) {
            json.put(e.getKey(), e.getValue() == null ? null : e.getValue().render(vars, r, vu, v -> v));
        }
        List<String> contains = new ArrayList<>();
        for (Template t : w.expectContains()) contains.add(t.render(vars, r, vu, v -> v));
        return new WsExpectation(json, contains);
    }

    private void run(OperationContext ctx, Completion done, VirtualUser u, int op, Step s, WsExpectation expect, String message, String path,
                     HttpHeaders headers) {
        WsStep w = s.ws();
        long timeoutMs = Math.max(1, w.timeout().toMillis());
        Ending end = new Ending(ctx, done, u, op, s);
        WsConnection c = u.ws;
        switch (w.action()) {
            case CONNECT -> {
                if (c != null) c.goAway(timeoutMs);
                u.ws = null;
                ctx.markAcquired();
                long started = clock.nanoTime();
                client.connect(u.lane.loop(), path, headers, timeoutMs, new WsOpen() {
                    @Override
                    public void opened(WsConnection conn) {
                        u.ws = conn;
                        if (expect == null) {
                            end.ok(null, 0);
                            return;
                        }
                        long left = timeoutMs - (clock.nanoTime() - started) / 1_000_000;
                        conn.expect(expect, Math.max(1, left), end);
                    }

                    @Override
                    public void failed(WsFailure failure, String m) {
                        end.failed(failure, m);
                    }
                });
            }
            case SEND -> {
                if (c == null) {
                    end.failed(WsFailure.NOT_OPEN, "no WebSocket open for this user: run a ws connect step first (in on_start)");
                    return;
                }
                end.sends = true;
                ctx.markAcquired();
                c.send(message, expect, timeoutMs, end);
            }
            case EXPECT -> {
                if (c == null) {
                    end.failed(WsFailure.NOT_OPEN, "no WebSocket open for this user: run a ws connect step first (in on_start)");
                    return;
                }
                ctx.markAcquired();
                c.expect(expect, timeoutMs, end);
            }
            case CLOSE -> {
                if (c == null) {
                    end.failed(WsFailure.NOT_OPEN, "no WebSocket open for this user to close");
                    return;
                }
                ctx.markAcquired();
                u.ws = null;
                c.close(w.closeCode(), timeoutMs, end);
            }
        }
    }

    /** One WebSocket attempt's end: stats, extractions, then the outcome. Event loop thread. */
    private final class Ending implements WsCallback {
        private final OperationContext ctx;
        private final Completion done;
        private final VirtualUser user;
        private final int op;
        private final Step step;
        boolean sends;

        Ending(OperationContext ctx, Completion done, VirtualUser user, int op, Step step) {
            this.ctx = ctx;
            this.done = done;
            this.user = user;
            this.op = op;
            this.step = step;
        }

        @Override
        public void ok(WsExpectation.Match match, int skipped) {
            Outcome o = Outcome.OK;
            if (match != null && !step.extract().isEmpty()) {
                JsonNode parsed = match.parsed();
                if (parsed == null) {
                    try {
                        parsed = JSON.readTree(match.text());
                    } catch (java.io.IOException e) {
                        parsed = null;
                    }
                }
                if (parsed == null) {
                    o = Outcome.failed(HttpErrors.CHECK, "extract: the matched message is not JSON (" + clip(match.text()) + ")");
                } else {
                    for (Map.Entry<String, JsonPath> e : step.extract().entrySet()) {
                        String v = e.getValue().readText(parsed);
                        if (v == null) {
                            o = Outcome.failed(HttpErrors.CHECK, "extract " + e.getKey() + ": JSON path " + e.getValue() + " not in the matched message");
                            break;
                        }
                        user.vars.put(e.getKey(), v);
                    }
                }
            }
            stats.step(op, sends ? 1 : 0, match == null ? 0 : 1, skipped, false, o.isOk());
            done.complete(o);
        }

        @Override
        public void failed(WsFailure failure, String message) {
            boolean written = sends && failure == WsFailure.TIMEOUT;
            stats.step(op, written ? 1 : 0, 0, 0, failure == WsFailure.TIMEOUT, false);
            done.complete(Outcome.failed(HttpErrors.ofWs(failure), message));
        }
    }

    private static String clip(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }
}
