package dev.stampede.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Headless Chromium driven through the Chrome DevTools Protocol, for tests of live pages: starts the browser on a
 * URL with a fresh profile, attaches to that page's WebSocket, enables {@code Runtime} and {@code Log} and records
 * every console error, uncaught exception and error log entry (a Content-Security-Policy violation, a failed load;
 * the browser's own favicon request aside). {@link #close} always ends the browser. Not thread-safe except for the recorded
 * errors.
 */
final class DevToolsBrowser implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    /** Console errors and uncaught exceptions the page produced, as text. */
    final List<String> errors = new CopyOnWriteArrayList<>();

    private DevToolsBrowser(Process process, WebSocket socket) {
        this.process = process;
        this.socket = socket;
    }

    /** Starts Chromium on {@code url} and attaches to its page. */
    static DevToolsBrowser open(String url, Path work) throws Exception {
        Path profile = Files.createDirectories(work.resolve("profile-" + System.nanoTime()));
        List<String> cmd = new ArrayList<>(List.of(HeadlessChromium.binary().toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--remote-debugging-port=0", "--window-size=1400,1800", url));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(work.resolve("chromium.log").toFile()).start();
        try {
            Path portFile = profile.resolve("DevToolsActivePort");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!(Files.exists(portFile) && !Files.readString(portFile).isBlank())) {
                if (System.nanoTime() > deadline || !p.isAlive()) {
                    throw new AssertionError("Chromium gave no DevTools port: " + Files.readString(work.resolve("chromium.log")));
                }
                Thread.sleep(100);
            }
            int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String ws = null;
            while (ws == null) {
                String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                for (JsonNode t : JSON.readTree(list)) {
                    if (t.path("type").asText().equals("page") && t.path("url").asText().startsWith(url.substring(0, url.indexOf('?')))) {
                        ws = t.path("webSocketDebuggerUrl").asText();
                    }
                }
                if (ws == null) {
                    if (System.nanoTime() > deadline) throw new AssertionError("no page for " + url + " in " + list);
                    Thread.sleep(100);
                }
            }
            DevToolsBrowser[] self = new DevToolsBrowser[1];
            WebSocket socket = connect(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), ws, work, self);
            self[0] = new DevToolsBrowser(p, socket);
            self[0].call("Runtime.enable", JSON.createObjectNode());
            self[0].call("Log.enable", JSON.createObjectNode()); // CSP violations and failed loads are log entries
            return self[0];
        } catch (Exception | AssertionError e) {
            p.destroyForcibly();
            throw e;
        }
    }

    private static WebSocket connect(HttpClient http, String ws, Path work, DevToolsBrowser[] self) throws Exception {
        try {
            return http.newWebSocketBuilder().buildAsync(URI.create(ws), new WebSocket.Listener() {
                private final StringBuilder text = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                    text.append(data);
                    if (last) {
                        String message = text.toString();
                        text.setLength(0);
                        self[0].received(message);
                    }
                    w.request(1);
                    return null;
                }
            }).get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no DevTools connection to " + ws + " within 10 s; Chromium's log: "
                    + Files.readString(work.resolve("chromium.log")), e);
        }
    }

    private void received(String message) {
        try {
            JsonNode m = JSON.readTree(message);
            if (m.has("id")) {
                CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
                if (f != null) f.complete(m);
            } else if (m.path("method").asText().equals("Runtime.exceptionThrown")) {
                errors.add("exception: " + m.path("params").path("exceptionDetails"));
            } else if (m.path("method").asText().equals("Log.entryAdded")
                    && m.path("params").path("entry").path("level").asText().equals("error")
                    && !m.path("params").path("entry").path("url").asText().endsWith("/favicon.ico")) {
                errors.add("log: " + m.path("params").path("entry"));
            } else if (m.path("method").asText().equals("Runtime.consoleAPICalled")
                    && m.path("params").path("type").asText().matches("error|assert")) {
                errors.add("console." + m.path("params").path("type").asText() + ": " + m.path("params").path("args"));
            }
        } catch (IOException e) {
            errors.add("unreadable DevTools message: " + message);
        }
    }

    /** Sends one DevTools command and waits for its answer. */
    JsonNode call(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        ObjectNode m = JSON.createObjectNode().put("id", id).put("method", method);
        m.set("params", params);
        socket.sendText(JSON.writeValueAsString(m), true).get(10, TimeUnit.SECONDS);
        JsonNode answer = f.get(20, TimeUnit.SECONDS);
        if (answer.has("error")) throw new AssertionError(method + " failed: " + answer.get("error"));
        return answer.get("result");
    }

    /** Evaluates {@code expression} in the page (a promise is awaited) and returns its value as text ("" for null or undefined). */
    String eval(String expression) throws Exception {
        JsonNode r = call("Runtime.evaluate", JSON.createObjectNode().put("expression", expression).put("returnByValue", true).put("awaitPromise", true));
        if (r.has("exceptionDetails")) throw new AssertionError(expression + " threw " + r.get("exceptionDetails"));
        JsonNode v = r.path("result").path("value");
        return v.isMissingNode() || v.isNull() ? "" : v.asText();
    }

    @Override
    public void close() {
        try {
            socket.abort();
        } finally {
            // the browser's own helpers (zygote, renderers, crash handler) too: they write in the profile
            List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
            all.add(process.toHandle());
            all.forEach(ProcessHandle::destroyForcibly);
            for (ProcessHandle h : all) {
                try {
                    h.onExit().get(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    // gone already, or will be; the test's temporary directory says so if not
                }
            }
        }
    }
}
