package dev.stampede.cli.dashboard;

import dev.stampede.core.engine.ProgressListener;
import dev.stampede.core.engine.RunControl;
import dev.stampede.core.engine.StopReason;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DashboardTest {
    private static final String TOKEN = "dashboard-test-token-0123";
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(Dashboard d, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + d.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyEndpointNeedsTheTokenAndCarriesTheSecurityHeaders() throws Exception {
        RunControl control = new RunControl();
        Dashboard d = Dashboard.start(0, TOKEN, control);
        assertThat(d.url()).isEqualTo("http://127.0.0.1:" + d.port() + "/?token=" + TOKEN);
        for (String p : new String[]{"/", "/events", "/dashboard.js", "/uPlot.iife.min.js", "/report/report.json", "/?token=nope"}) {
            assertThat(get(d, p).statusCode()).as(p).isEqualTo(403);
        }
        HttpResponse<String> page = get(d, "/?token=" + TOKEN);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"ops\"", "id=\"stop\"", "id=\"status\"");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).startsWith("default-src 'self'");
        assertThat(page.headers().firstValue("Set-Cookie").orElseThrow()).contains("HttpOnly", "SameSite=Strict");
        var withCookie = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + d.port() + "/uPlot.iife.min.js"))
                .header("Cookie", AccessToken.COOKIE + "=" + TOKEN).build();
        HttpResponse<String> lib = http.send(withCookie, HttpResponse.BodyHandlers.ofString());
        assertThat(lib.statusCode()).isEqualTo(200);
        assertThat(lib.body()).contains("uPlot");
        assertThat(get(d, "/stop?token=" + TOKEN).statusCode()).as("GET does not stop").isEqualTo(405);
        assertThat(control.isStopped()).isFalse();
        var stop = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + d.port() + "/stop?token=" + TOKEN))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        assertThat(http.send(stop, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(202);
        assertThat(control.stopReason()).isEqualTo(StopReason.INTERRUPTED);
    }

    @Test
    void theEventStreamCarriesTicksWithMonitorsAsJson() throws Exception {
        Dashboard d = Dashboard.start(0, TOKEN, new RunControl());
        d.progressListener().onTick(new ProgressListener.Snapshot("baseline", "measure", 3.0, 60, 1234.5, 2.5, 1, 3700,
                Map.of("pool", Map.of("active", 2.0, "odd", Double.NaN))));
        var req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + d.port() + "/events?token=" + TOKEN)).build();
        HttpResponse<java.io.InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        try (var in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String line = in.readLine();
            assertThat(line).startsWith("data: {\"type\":\"tick\",\"scenario\":\"baseline\"")
                    .contains("\"ops\":1234.5", "\"attempts\":3700", "\"monitors\":{\"pool\":{", "\"active\":2.0", "\"odd\":null");
            assertThat(in.readLine()).isEmpty();
        }
    }
}
