package dev.stampede.http.client;

import dev.stampede.core.config.ConfigException;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.buffer.ByteBufAllocator;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import java.nio.file.Files;
import java.security.cert.CertificateException;
import java.util.List;

/**
 * The client's TLS: one {@link SslContext} per client, trusting the JDK's CAs, a CA file (PEM) or, with the explicit
 * insecure flag, anything (no certificate or host name check). Host names (or IP addresses) are verified against the
 * certificate otherwise. With ALPN it offers {@code h2} and {@code http/1.1}, or only {@code http/1.1}. Also turns
 * a failed handshake into one message naming the fix. Immutable and thread-safe.
 */
public final class Tls {
    private final SslContext context;
    private final ClientSettings settings;

    private Tls(SslContext context, ClientSettings settings) {
        this.context = context;
        this.settings = settings;
    }

    /**
     * @param alpn protocols to offer, most preferred first (empty: no ALPN)
     * @throws ConfigException when the CA file is missing or not a PEM certificate
     */
    public static Tls forClient(ClientSettings settings, List<String> alpn) {
        SslContextBuilder b = SslContextBuilder.forClient();
        if (settings.insecure()) {
            b.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
        } else if (settings.ca() != null) {
            if (!Files.isRegularFile(settings.ca())) {
                throw new ConfigException("http.ca " + settings.ca().toAbsolutePath() + " does not exist; give the PEM file of the CA (or the "
                        + "self-signed certificate) that signed the server's certificate");
            }
            try {
                b.trustManager(settings.ca().toFile());
            } catch (IllegalArgumentException e) {
                throw new ConfigException("http.ca " + settings.ca() + " is not a PEM certificate file (" + e.getMessage() + "); give a file with "
                        + "-----BEGIN CERTIFICATE----- blocks");
            }
            b.endpointIdentificationAlgorithm("HTTPS");
        } else {
            b.endpointIdentificationAlgorithm("HTTPS");
        }
        if (!alpn.isEmpty()) {
            b.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, alpn));
        }
        try {
            return new Tls(b.build(), settings);
        } catch (SSLException e) {
            String m = e.getMessage();
            throw new ConfigException("cannot set up TLS" + (settings.ca() == null ? "" : " with http.ca " + settings.ca()) + ": "
                    + (m == null ? e.getClass().getSimpleName() : m) + "; check that the file holds PEM certificates");
        }
    }

    /** ALPN offers for a client of the given protocol policy. */
    public static List<String> alpnFor(boolean h2) {
        return h2 ? List.of(ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1) : List.of(ApplicationProtocolNames.HTTP_1_1);
    }

    /** A handler for one connection to {@code host:port} (SNI and host name check use the host). */
    public SslHandler handler(ByteBufAllocator alloc, String host, int port) {
        SslHandler h = context.newHandler(alloc, host, port);
        h.setHandshakeTimeoutMillis(settings.connectTimeout().toMillis());
        return h;
    }

    /** True when the handshake failed because the server's certificate is not trusted or names another host. */
    public static boolean untrusted(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof CertificateException || c instanceof java.security.cert.CertPathValidatorException) return true;
            String m = c.getMessage();
            if (m != null && (m.contains("PKIX") || m.contains("certification path") || m.contains("No subject alternative")
                    || m.contains("No name matching"))) return true;
        }
        return false;
    }

    /** One line for a failed handshake with {@code where}, naming the fix. */
    public static String explain(Throwable t, String where, ClientSettings settings) {
        String cause = HttpClient.describe(root(t));
        if (untrusted(t)) {
            return "the TLS certificate of " + where + " is not trusted (" + cause + "); "
                    + (settings.ca() != null ? "http.ca " + settings.ca() + " did not sign it, or it names another host: give the CA that signed it as http.ca"
                    : "give the CA (or the self-signed certificate) that signed it as http.ca (a PEM file)")
                    + ", or set http.insecure: true to skip certificate checks (tests only)";
        }
        if (t instanceof SSLHandshakeException || root(t) instanceof SSLException) {
            return "the TLS handshake with " + where + " failed (" + cause + "); check that the server speaks TLS on that port (use http:// "
                    + "if it does not)";
        }
        return "the TLS handshake with " + where + " failed (" + cause + ")";
    }

    private static Throwable root(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) r = r.getCause();
        return r;
    }

}
