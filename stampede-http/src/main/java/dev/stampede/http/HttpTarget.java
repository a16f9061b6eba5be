package dev.stampede.http;

import dev.stampede.core.api.TargetUnreachableException;
import dev.stampede.core.target.ScenarioScope;
import dev.stampede.core.target.ScenarioUse;
import dev.stampede.core.target.SessionContext;
import dev.stampede.core.target.Target;
import dev.stampede.http.client.Origin;
import dev.stampede.http.client.Transport;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP API opened for one run: the user's base URL (its host resolved and a TCP connection tried before any load,
 * so a typo, a DNS failure or a refused port is exit 3 with a message, not a run of errors), or the reference stack,
 * started per scenario by the scope. Owns the Netty event loops every scenario's client shares. Session thread only.
 */
final class HttpTarget implements Target {
    private final HttpConfig config;
    private final Origin origin;
    private final Transport transport;
    private final SessionContext context;
    private final Map<String, Object> description = new LinkedHashMap<>();

    /** Where the load connects to the user's API: a fault proxy in front of it, or null for its own address. */
    private final InetSocketAddress loadAddress;

    private HttpTarget(HttpConfig config, Origin origin, InetSocketAddress loadAddress, Transport transport, SessionContext context) {
        this.loadAddress = loadAddress;
        this.config = config;
        this.origin = origin;
        this.transport = transport;
        this.context = context;
        description.put("http", origin == null ? "the reference stack (./stampede demo) on 127.0.0.1, started per scenario" : origin.toString());
        description.put("http_client", "Netty " + io.netty.util.Version.identify().values().stream().findFirst()
                .map(io.netty.util.Version::artifactVersion).orElse("4.2") + " (" + transport.kind() + "), " + protocolText(config.client().protocol())
                + ", keep-alive, "
                + (config.client().policy() == dev.stampede.http.client.ClientSettings.Policy.SHARED
                ? "shared pool of " + config.client().sharedConnections() : "one connection per user"));
    }

    static HttpTarget open(HttpConfig config, SessionContext ctx) throws TargetUnreachableException {
        Origin origin = null;
        int threads = config.ioThreads() > 0 ? config.ioThreads() : Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        Transport transport = Transport.create(threads, "stampede-http-io");
        InetSocketAddress load = null;
        try {
            if (config.baseUrl() != null) {
                origin = Origin.parse(config.baseUrl(), "http.base_url");
                probe(origin, (int) config.client().connectTimeout().toMillis());
                if (origin.secure()) {
                    TlsProbe.handshake(origin, config.client(), transport);
                    ctx.out().println("HTTP: " + origin + " answers TLS handshakes (" + trust(config) + ").");
                } else {
                    ctx.out().println("HTTP: " + origin + " answers TCP connections.");
                }
                dev.stampede.core.fault.FaultRoutes.Route route = ctx.routes().route(HttpTargetProvider.SECTION, origin.host(), origin.port());
                if (route.proxied()) {
                    load = new InetSocketAddress(route.host(), route.port());
                    ctx.out().println("Fault proxy: the load's HTTP connections go through " + route.host() + ":" + route.port()
                            + " (requests still name " + origin.hostHeader() + ")");
                }
            } else {
                ctx.out().println("No http.base_url (API_BASE_URL) set: each HTTP scenario starts the reference stack on 127.0.0.1.");
            }
        } catch (RuntimeException | TargetUnreachableException e) {
            transport.close();
            throw e;
        }
        ctx.out().flush();
        return new HttpTarget(config, origin, load, transport, ctx);
    }

    static String protocolText(dev.stampede.http.client.ClientSettings.Protocol p) {
        return switch (p) {
            case HTTP_1_1 -> "HTTP/1.1";
            case HTTP_2 -> "HTTP/2 (h2 through ALPN over https, h2c with prior knowledge over http)";
            case AUTO -> "HTTP/2 or HTTP/1.1 as the server picks through ALPN (HTTP/1.1 over http)";
        };
    }

    static String trust(HttpConfig config) {
        return config.client().insecure() ? "certificate not checked: http.insecure"
                : config.client().ca() != null ? "certificate checked against http.ca " + config.client().ca() : "certificate checked against the JDK's CAs";
    }

    /** Resolves the host and opens (and closes) one TCP connection; each failure in the house style. */
    static void probe(Origin origin, int timeoutMs) throws TargetUnreachableException {
        InetAddress a;
        try {
            a = InetAddress.getByName(origin.host());
        } catch (UnknownHostException e) {
            throw new TargetUnreachableException("cannot resolve the host '" + origin.host() + "' of http.base_url " + origin
                    + " (DNS lookup failed); check the spelling, or use an IP address such as 127.0.0.1", e);
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(a, origin.port()), timeoutMs);
        } catch (ConnectException e) {
            throw new TargetUnreachableException("connection refused by " + origin.hostHeader() + " (" + a.getHostAddress() + "): nothing "
                    + "listens on port " + origin.port() + "; start the API, or fix http.base_url (API_BASE_URL)", e);
        } catch (SocketTimeoutException e) {
            throw new TargetUnreachableException("no TCP connection to " + origin.hostHeader() + " within the connect timeout of " + timeoutMs
                    + " ms (host unreachable or a firewall drops the packets); check the address or raise http.connect_timeout", e);
        } catch (IOException e) {
            throw new TargetUnreachableException("cannot connect to " + origin.hostHeader() + ": " + e.getMessage()
                    + "; check http.base_url (API_BASE_URL)", e);
        }
    }

    @Override public String name() { return HttpTargetProvider.NAME; }

    @Override public Map<String, Object> describe() { return description; }

    @Override
    public ScenarioScope begin(ScenarioUse use) throws Exception {
        return HttpScope.begin(this, use);
    }

    HttpConfig config() { return config; }

    /** The user's API, or null for the reference stack. */
    Origin origin() { return origin; }

    Transport transport() { return transport; }

    /** Where the load connects to the user's API (a fault proxy), or null for the origin's own address. */
    InetSocketAddress loadAddress() { return loadAddress; }

    SessionContext context() { return context; }

    @Override
    public void close() {
        transport.close();
    }
}
