package dev.stampede.cli.metrics;

import dev.stampede.core.config.ConfigException;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code --metrics-port N}: serves {@link RunMetrics} at {@code http://127.0.0.1:N/metrics} (Prometheus text or
 * OpenMetrics, as the scraper asks) with the Prometheus Java client's HTTP server, from before the first scenario
 * until the reports are written, and writes the same series to {@code metrics.prom} at the end. Port 0 picks a free
 * port. Not thread-safe: the session opens and closes it.
 */
public final class MetricsEndpoint implements AutoCloseable {
    private final RunMetrics metrics;
    private final PrometheusRegistry registry;
    private final HTTPServer server;

    private MetricsEndpoint(RunMetrics metrics, PrometheusRegistry registry, HTTPServer server) {
        this.metrics = metrics;
        this.registry = registry;
        this.server = server;
    }

    /**
     * Starts listening on 127.0.0.1.
     *
     * @throws ConfigException when the port is in use or cannot be listened on (exit 2, before anything ran)
     */
    public static MetricsEndpoint start(int port) {
        if (port < 0 || port > 65535) throw new ConfigException("--metrics-port must be 0 to 65535, got " + port);
        RunMetrics metrics = new RunMetrics();
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(metrics);
        try {
            HTTPServer server = HTTPServer.builder().hostname("127.0.0.1").port(port).registry(registry).buildAndStart();
            return new MetricsEndpoint(metrics, registry, server);
        } catch (BindException e) {
            throw new ConfigException("--metrics-port " + port + ": the port is in use on 127.0.0.1 (" + e.getMessage()
                    + "); choose another port, or 0 for a free one");
        } catch (IOException e) {
            throw new ConfigException("--metrics-port " + port + ": cannot listen on 127.0.0.1 (" + e.getMessage() + "); choose another port");
        }
    }

    public RunMetrics metrics() { return metrics; }

    /** The port actually listened on. */
    public int port() { return server.getPort(); }

    public String url() { return "http://127.0.0.1:" + port() + "/metrics"; }

    /** Writes every series in the Prometheus text format to {@code metrics.prom} in {@code dir}. */
    public Path writeFile(Path dir) throws IOException {
        Path file = dir.resolve("metrics.prom");
        try (OutputStream out = Files.newOutputStream(file)) {
            PrometheusTextFormatWriter.create().write(out, registry.scrape(), io.prometheus.metrics.config.EscapingScheme.ALLOW_UTF8);
        }
        return file;
    }

    @Override
    public void close() {
        server.stop();
    }
}
