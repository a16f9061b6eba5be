package dev.stampede.cli.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.stampede.core.config.ConfigException;
import dev.stampede.core.engine.ProgressListener;
import dev.stampede.core.engine.RunControl;
import dev.stampede.core.engine.StopReason;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live dashboard of one run ({@code --dashboard[=PORT]}, {@code run.dashboard}): an HTTP server on 127.0.0.1 only
 * (the JDK's {@link HttpServer}, no framework) serving the page ({@code /}, its script and style, uPlot from the
 * webjar), the progress as Server-Sent Events ({@code /events}, one JSON message per engine interval), a stop
 * ({@code POST /stop}: exactly what Ctrl-C does, {@link StopReason#INTERRUPTED}) and, once written, the reports
 * ({@code /report/report.html}, {@code report.json}, {@code report.md}). Every request needs the {@link AccessToken}.
 *
 * <p>Threads: one fixed pool of {@value #MAX_STREAMS} + 2 daemon threads is the server's executor: each open event
 * stream holds one (it writes that browser's socket), the others answer the short requests. The engine's sampler
 * thread only offers snapshots to the {@link Broadcaster}'s bounded queues, so a slow browser never slows the run.
 * The server keeps serving after the run, until the process exits (the threads are daemons).
 */
public final class Dashboard {
    static final int MAX_STREAMS = 4;
    /** Events a browser may fall behind (seconds, at the engine's 1 s interval) before its stream is dropped. */
    static final int STREAM_QUEUE = 32;
    private static final String WEBJAR = "META-INF/resources/webjars/uplot/1.6.30/dist/";
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    /** The reports are Stampede's own files (report.html carries its data and scripts inline) and may not reach out. */
    private static final String REPORT_CSP = "default-src 'none'; script-src 'self' 'unsafe-inline'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    private static final Map<String, String> REPORTS = Map.of("report.html", "text/html; charset=utf-8",
            "report.json", "application/json; charset=utf-8", "report.md", "text/markdown; charset=utf-8");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The last event of a run: how it ended and which reports can be fetched. */
    record Finished(String outcome, List<String> reports) {
    }

    private final HttpServer server;
    private final AccessToken token;
    private final RunControl control;
    private final Map<String, Asset> assets;
    private final Broadcaster<Object> broadcaster = new Broadcaster<>(MAX_STREAMS, STREAM_QUEUE, 15_000);
    private volatile ProgressListener.Snapshot latest;
    private volatile Finished finished;
    private volatile Path reportDir;
    private volatile String jsonName = "report.json";

    private record Asset(String type, byte[] body) {
    }

    private Dashboard(HttpServer server, AccessToken token, RunControl control, Map<String, Asset> assets) {
        this.server = server;
        this.token = token;
        this.control = control;
        this.assets = assets;
    }

    /**
     * Starts serving on 127.0.0.1:{@code port}.
     *
     * @param port    0 for a free port
     * @param token   the access token, or null for a random one
     * @param control stopped by {@code POST /stop}
     * @throws ConfigException when the port is in use or cannot be listened on (exit 2, before anything ran)
     */
    public static Dashboard start(int port, String token, RunControl control) {
        Map<String, Asset> assets = assets();
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        } catch (BindException e) {
            String why = e.getMessage() != null && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("in use")
                    ? "is in use" : "cannot be listened on (" + e.getMessage() + ")";
            throw new ConfigException("port " + port + " " + why
                    + "; choose another with --dashboard=PORT or --dashboard=0 for a free one");
        } catch (IOException e) {
            throw new ConfigException("the dashboard cannot listen on 127.0.0.1:" + port + " (" + e.getMessage()
                    + "); choose another port with --dashboard=PORT or --dashboard=0 for a free one");
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(MAX_STREAMS + 2, r -> {
            Thread t = new Thread(r, "stampede-dashboard-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Dashboard d = new Dashboard(server, token == null ? AccessToken.random() : new AccessToken(token), control, assets);
        server.setExecutor(pool);
        server.createContext("/", d::handle);
        server.start();
        return d;
    }

    /** The URL to open, with the token: the only place the token is shown. */
    public String url() {
        return "http://127.0.0.1:" + port() + "/?" + AccessToken.PARAMETER + "=" + token.value();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The listener that feeds the event stream; only enqueues, never blocks (see {@link Broadcaster}). */
    public ProgressListener progressListener() {
        return snapshot -> {
            latest = snapshot;
            broadcaster.publish(snapshot);
        };
    }

    /**
     * The run is over and its reports are in {@code reportDir}: they are served from now on, and the open pages
     * are told (waiting up to a second for them to receive it, since the process may exit right after).
     */
    public void finished(Path reportDir) {
        finished(reportDir, "report.json");
    }

    /**
     * As {@link #finished(Path)}, for a JSON report named {@code jsonName} ({@code --output results.json}); it is
     * served as {@code /report/report.json}.
     */
    public void finished(Path reportDir, String jsonName) {
        this.jsonName = jsonName;
        this.reportDir = reportDir;
        List<String> available = new ArrayList<>();
        for (String name : List.of("report.html", "report.json", "report.md")) {
            if (name.equals("report.json") && reportDir != null && Files.isRegularFile(reportDir.resolve(jsonName))) {
                available.add(name);
                continue;
            }
            if (reportDir != null && Files.isRegularFile(reportDir.resolve(name))) available.add(name);
        }
        String outcome = control.isStopped() ? control.stopReason().description() : "complete";
        Finished f = new Finished(outcome, List.copyOf(available));
        finished = f;
        broadcaster.publish(f);
        try {
            broadcaster.awaitDelivered(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            Headers.secure(ex, CSP);
            if (!token.admits(ex)) {
                text(ex, 403, "missing or wrong token: open the URL Stampede printed (Dashboard: ...)");
                return;
            }
            if (token.inQuery(ex.getRequestURI().getRawQuery())) ex.getResponseHeaders().add("Set-Cookie", token.cookie());
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if (path.equals("/events")) {
                events(ex);
            } else if (path.equals("/stop")) {
                if (!method.equals("POST")) {
                    ex.getResponseHeaders().set("Allow", "POST");
                    text(ex, 405, "POST to stop the run");
                    return;
                }
                control.stop(StopReason.INTERRUPTED);
                text(ex, 202, "stopping");
            } else if (path.startsWith("/report/")) {
                report(ex, path.substring("/report/".length()));
            } else if (assets.containsKey(path)) {
                Asset a = assets.get(path);
                send(ex, 200, a.type(), a.body());
            } else {
                text(ex, 404, "not found");
            }
        } finally {
            ex.close();
        }
    }

    private void events(HttpExchange ex) throws IOException {
        List<Object> initial = new ArrayList<>(2);
        if (latest != null) initial.add(latest);
        if (finished != null) initial.add(finished);
        OutputStream body = ex.getResponseBody();
        Broadcaster.Subscriber<Object> s = broadcaster.subscribe(new Broadcaster.Sink() {
            @Override
            public void send(byte[] frame) throws IOException {
                body.write(frame);
                body.flush();
            }

            @Override
            public void close() {
                ex.close();
            }
        }, initial);
        if (s == null) {
            text(ex, 503, "too many open dashboards (" + MAX_STREAMS + "); close one");
            return;
        }
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.sendResponseHeaders(200, 0);
        broadcaster.serve(s, Dashboard::frame);
    }

    private void report(HttpExchange ex, String name) throws IOException {
        Path dir = reportDir;
        String type = REPORTS.get(name);
        String file = name.equals("report.json") ? jsonName : name;   // only the three whitelisted names are served
        if (dir == null || type == null || !Files.isRegularFile(dir.resolve(file))) {
            text(ex, 404, "no such report (yet)");
            return;
        }
        ex.getResponseHeaders().set("Content-Security-Policy", REPORT_CSP);
        send(ex, 200, type, Files.readAllBytes(dir.resolve(file)));
    }

    /** One event as an SSE message: {@code {"type":"tick",...}} or {@code {"type":"finished",...}}. */
    static byte[] frame(Object event) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (event instanceof ProgressListener.Snapshot s) {
            m.put("type", "tick");
            m.put("scenario", s.scenario());
            m.put("phase", s.phase());
            m.put("elapsed", finite(s.elapsedSeconds()));
            m.put("planned", finite(s.plannedSeconds()));
            m.put("ops", finite(s.okPerSecond()));
            m.put("p95", finite(s.p95Ms()));
            m.put("errors", s.errorsSoFar());
            m.put("attempts", s.attemptsSoFar());
            Map<String, Map<String, Double>> monitors = new LinkedHashMap<>();
            s.monitors().forEach((name, values) -> {
                Map<String, Double> v = new LinkedHashMap<>();
                values.forEach((k, x) -> v.put(k, finite(x)));
                monitors.put(name, v);
            });
            m.put("monitors", monitors);
        } else if (event instanceof Finished f) {
            m.put("type", "finished");
            m.put("outcome", f.outcome());
            m.put("reports", f.reports());
        }
        try {
            return SseFrame.message(JSON.writeValueAsString(m));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JSON has no NaN or infinity: those become null (a gap in the chart). */
    private static Double finite(Double x) {
        return x == null || x.isNaN() || x.isInfinite() ? null : x;
    }

    private static void text(HttpExchange ex, int status, String message) throws IOException {
        send(ex, status, "text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(body);
        }
    }

    private static Map<String, Asset> assets() {
        Map<String, Asset> m = new LinkedHashMap<>();
        m.put("/", new Asset("text/html; charset=utf-8", resource("dev/stampede/cli/dashboard/index.html")));
        m.put("/dashboard.js", new Asset("text/javascript; charset=utf-8", resource("dev/stampede/cli/dashboard/dashboard.js")));
        m.put("/dashboard.css", new Asset("text/css; charset=utf-8", resource("dev/stampede/cli/dashboard/dashboard.css")));
        m.put("/uPlot.iife.min.js", new Asset("text/javascript; charset=utf-8", resource(WEBJAR + "uPlot.iife.min.js")));
        m.put("/uPlot.min.css", new Asset("text/css; charset=utf-8", resource(WEBJAR + "uPlot.min.css")));
        return Map.copyOf(m);
    }

    private static byte[] resource(String name) {
        try (InputStream in = Dashboard.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("the dashboard's resource " + name + " is missing from the class path");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Headers every response carries. */
    private static final class Headers {
        private Headers() {
        }

        static void secure(HttpExchange ex, String csp) {
            var h = ex.getResponseHeaders();
            h.set("Content-Security-Policy", csp);
            h.set("X-Content-Type-Options", "nosniff");
            h.set("Referrer-Policy", "no-referrer");
            h.set("Cache-Control", "no-store");
        }
    }
}
