package dev.stampede.http.demo;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

import javax.net.ssl.KeyManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made at start with the JDK's own {@code keytool} (an EC P-256
 * key, valid 30 days; no download, no BouncyCastle), and the reference server's TLS context from it. The certificate
 * is also written as PEM ({@link #caFile()}): that file is what a client gives as {@code http.ca}. The key store's
 * password is random and never shown. {@link #close()} deletes the files. Immutable once made; thread-safe.
 */
public final class SelfSignedTls implements AutoCloseable {
    private final Path dir;
    private final Path caFile;
    private final KeyManagerFactory keys;

    private SelfSignedTls(Path dir, Path caFile, KeyManagerFactory keys) {
        this.dir = dir;
        this.caFile = caFile;
        this.keys = keys;
    }

    /** Makes the key pair and certificate in a new temporary folder (two keytool runs, about a second). */
    public static SelfSignedTls generate() throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        if (!Files.isExecutable(keytool)) {
            throw new IOException("the reference server's TLS certificate is made with keytool, which this Java runtime (" + System.getProperty("java.home")
                    + ") lacks; run Stampede on a full JDK");
        }
        Path dir = Files.createTempDirectory("stampede-demo-tls");
        byte[] secret = new byte[18];
        new SecureRandom().nextBytes(secret);
        String pass = HexFormat.of().formatHex(secret);
        Path store = dir.resolve("server.p12");
        Path pem = dir.resolve("stampede-demo-ca.pem");
        try {
            run(List.of(keytool.toString(), "-genkeypair", "-alias", "stampede-demo", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-sigalg", "SHA256withECDSA", "-dname", "CN=127.0.0.1, O=Stampede reference stack", "-ext", "san=ip:127.0.0.1,dns:localhost",
                    "-validity", "30", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass:env", "STAMPEDE_DEMO_PASS",
                    "-keypass:env", "STAMPEDE_DEMO_PASS"), pass);
            run(List.of(keytool.toString(), "-exportcert", "-rfc", "-alias", "stampede-demo", "-keystore", store.toString(), "-storetype", "PKCS12",
                    "-storepass:env", "STAMPEDE_DEMO_PASS", "-file", pem.toString()), pass);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                ks.load(in, pass.toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pass.toCharArray());
            Files.delete(store);
            return new SelfSignedTls(dir, pem, kmf);
        } catch (java.security.GeneralSecurityException e) {
            delete(dir);
            throw new IOException("cannot load the generated key store: " + e.getMessage(), e);
        } catch (IOException | InterruptedException | RuntimeException e) {
            delete(dir);
            throw e;
        }
    }

    private static void run(List<String> cmd, String pass) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("STAMPEDE_DEMO_PASS", pass);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("keytool did not finish within 60 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException("keytool failed (exit " + p.exitValue() + "): " + new String(out, StandardCharsets.UTF_8).strip());
        }
    }

    /** The certificate as PEM: give it to clients as their CA ({@code http.ca}). */
    public Path caFile() { return caFile; }

    /**
     * The server's TLS context.
     *
     * @param alpn protocols the server accepts through ALPN, preferred first (empty: no ALPN)
     */
    public SslContext serverContext(List<String> alpn) throws javax.net.ssl.SSLException {
        SslContextBuilder b = SslContextBuilder.forServer(keys);
        if (!alpn.isEmpty()) {
            b.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, alpn));
        }
        return b.build();
    }

    /** ALPN for a server that speaks both versions, h2 preferred. */
    public static List<String> bothVersions() {
        return List.of(ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1);
    }

    @Override
    public void close() {
        delete(dir);
    }

    private static void delete(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) Files.deleteIfExists(f);
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }
}
