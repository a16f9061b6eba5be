package dev.stampede.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live dashboard in a real browser: headless Chromium (through the DevTools Protocol) watches a run's
 * throughput change, presses the page's stop button and sees the run end as Ctrl-C does, then the report link.
 */
class DashboardIT {
    private static final String SCHEMA = "stampede_it_dash";
    private static final String TOKEN = "dashboard-it-token-0123456789";

    @TempDir
    Path dir;

    @AfterAll
    static void dropSchema() throws Exception {
        Cli.dropSchema(SCHEMA);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean positiveNumber(String s) {
        return s.matches("\\d+(\\.\\d+)?") && Double.parseDouble(s) > 0;
    }

    @Test
    void theStopButtonEndsTheRunAsCtrlCAndThePageLinksTheReport() throws Exception {
        int port = freePort();
        Path out = dir.resolve("out");
        // on a thread of its own: the common pool (one thread on 2 cores) also completes the HttpClient's WebSocket stages
        var runner = java.util.concurrent.Executors.newSingleThreadExecutor(r -> new Thread(r, "dashboard-it-run"));
        CompletableFuture<Cli> run = CompletableFuture.supplyAsync(() -> Cli.run(java.util.Map.of("DATABASE_URL", Cli.PG),
                "run", "--dashboard=" + port, "--set", "run.dashboard_token=" + TOKEN, "--scenarios", "baseline",
                "--workload", "select-only", "--duration", "60s", "--connections", "2", "--schema", SCHEMA,
                "--output", out.toString()), runner);
        runner.shutdown();
        String url = "http://127.0.0.1:" + port + "/?token=" + TOKEN;
        waitForServer(port, run);
        try (DevToolsBrowser browser = DevToolsBrowser.open(url, dir.resolve("browser"))) {
            String first = await(browser, "ops", DashboardIT::positiveNumber, 90);
            assertThat(browser.eval("document.getElementById('status').textContent")).startsWith("running");
            String second = first;
            for (int i = 0; i < 5 && second.equals(first); i++) {
                Thread.sleep(2000);
                second = browser.eval("document.getElementById('ops').textContent");
            }
            assertThat(second).as("the throughput figure follows the run").isNotEqualTo(first).matches(DashboardIT::positiveNumber);
            assertThat(browser.eval("document.querySelectorAll('#charts .uplot').length")).isEqualTo("3");

            long clicked = System.nanoTime();
            browser.eval("document.getElementById('stop').click()");
            Cli result = run.get(15, TimeUnit.SECONDS);
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - clicked)).isLessThan(15);
            assertThat(result.code()).as(result.all()).isEqualTo(ExitCodes.INTERRUPTED);
            assertThat(result.out()).contains("Dashboard: " + url);
            JsonNode json = new ObjectMapper().readTree(out.resolve("report.json").toFile());
            assertThat(json.get("partial").asBoolean()).isTrue();
            assertThat(json.get("stop_reason").asText()).contains("interrupted");
            assertThat(json.toString()).doesNotContain(TOKEN);

            String status = await(browser, "status", s -> s.startsWith("finished"), 10);
            assertThat(status).contains("interrupted");
            String href = browser.eval("document.getElementById('report-link').getAttribute('href')");
            assertThat(href).isEqualTo("/report/report.html");
            String served = browser.eval("fetch('" + href + "').then(r => r.status + ' ' + r.headers.get('content-type'))");
            assertThat(served).startsWith("200 ");
            assertThat(browser.errors).as("console errors and exceptions").isEmpty();
        } finally {
            if (!run.isDone()) {
                // the stop did not arrive: end the run the way the test means to, so the next tests are not disturbed
                java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("http://127.0.0.1:" + port + "/stop?token=" + TOKEN))
                        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding());
                run.get(60, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aPortInUseIsBadInputBeforeAnythingRuns() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Path out = dir.resolve("taken");
            Cli r = Cli.run(java.util.Map.of("DATABASE_URL", Cli.PG), "run", "--dashboard=" + port, "--scenarios", "baseline",
                    "--workload", "select-only", "--duration", "10s", "--connections", "2", "--schema", SCHEMA,
                    "--output", out.toString());
            assertThat(r.code()).as(r.all()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(r.all()).contains("port " + port + " is in use; choose another with --dashboard=PORT or --dashboard=0 for a free one");
            assertThat(r.all()).doesNotContain("Scenario").doesNotContain("Dashboard:");
            assertThat(Files.exists(out.resolve("report.json"))).isFalse();
        }
    }

    private static void waitForServer(int port, CompletableFuture<Cli> run) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            if (run.isDone()) throw new AssertionError("the run ended before its dashboard was up: " + run.get().all());
            try (var s = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (java.io.IOException notYet) {
                if (System.nanoTime() > deadline) throw new AssertionError("no dashboard on port " + port);
                Thread.sleep(100);
            }
        }
    }

    /** Polls element {@code id}'s text until {@code ok} holds, for at most {@code seconds}. */
    private static String await(DevToolsBrowser b, String id, java.util.function.Predicate<String> ok, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String v;
        do {
            v = b.eval("(document.getElementById('" + id + "') || {}).textContent || ''"); // the page may still be loading
            if (ok.test(v)) return v;
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("#" + id + " stayed '" + v + "'; errors: " + b.errors);
    }
}
