package dev.stampede.postgres.wire;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The client side of SCRAM-SHA-256 (RFC 5802, RFC 7677) as PostgreSQL speaks it: no channel binding ({@code n,,}),
 * an empty user name in the client-first message (the server takes the startup message's user). The password is
 * only ever an input to PBKDF2; it is in no message this class builds and in no exception it throws (a server
 * message that does not parse is reported by what was wrong with it, never echoed with the proof). One exchange per
 * instance; not thread-safe.
 */
public final class Scram {
    /** The mechanism name PostgreSQL offers in AuthenticationSASL. */
    public static final String MECHANISM = "SCRAM-SHA-256";

    private final String user;
    private final String clientNonce;
    private byte[] serverSignature;

    /**
     * @param user        the name sent in the client-first message (PostgreSQL ignores it; pass "")
     * @param clientNonce printable ASCII without ','; use {@link #newNonce()} except in tests
     */
    public Scram(String user, String clientNonce) {
        this.user = user;
        this.clientNonce = clientNonce;
    }

    /** 18 random bytes, base64: the client nonce of a real exchange. */
    public static String newNonce() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    private String clientFirstBare() {
        return "n=" + user.replace("=", "=3D").replace(",", "=2C") + ",r=" + clientNonce;
    }

    /** The client-first message: {@code n,,n=user,r=nonce}. */
    public String clientFirst() {
        return "n,," + clientFirstBare();
    }

    /**
     * The client-final message answering {@code serverFirst} ({@code r=...,s=...,i=...}).
     *
     * @throws WireException (SQLSTATE 28000) when the server's message is malformed or its nonce does not extend ours
     */
    public String clientFinal(String serverFirst, char[] password) throws WireException {
        String nonce = attribute(serverFirst, 'r');
        String salt = attribute(serverFirst, 's');
        String iterations = attribute(serverFirst, 'i');
        if (nonce == null || salt == null || iterations == null) throw bad("its first message lacks r, s or i");
        if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) throw bad("its nonce does not extend ours");
        int iter;
        try {
            iter = Integer.parseInt(iterations);
        } catch (NumberFormatException e) {
            throw bad("its iteration count is not a number");
        }
        if (iter < 1) throw bad("its iteration count is below 1");
        try {
            byte[] salted = pbkdf2(password, Base64.getDecoder().decode(salt), iter);
            byte[] clientKey = hmac(salted, "Client Key");
            byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
            String withoutProof = "c=biws,r=" + nonce;
            String authMessage = clientFirstBare() + "," + serverFirst + "," + withoutProof;
            byte[] clientSignature = hmac(storedKey, authMessage);
            byte[] proof = new byte[clientKey.length];
            for (int i = 0; i < proof.length; i++) proof[i] = (byte) (clientKey[i] ^ clientSignature[i]);
            serverSignature = hmac(hmac(salted, "Server Key"), authMessage);
            return withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
        } catch (IllegalArgumentException e) {
            throw bad("its salt is not base64");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK lacks HmacSHA256 or PBKDF2WithHmacSHA256", e);
        }
    }

    /**
     * Checks the server-final message ({@code v=signature}): proves that the server knew the password too.
     *
     * @throws WireException (SQLSTATE 28000) when the signature is missing or wrong, or the server sent {@code e=}
     */
    public void verifyServerFinal(String serverFinal) throws WireException {
        String error = attribute(serverFinal, 'e');
        if (error != null) throw new WireException("28000", "SCRAM authentication failed: the server said " + error);
        String v = attribute(serverFinal, 'v');
        if (v == null || serverSignature == null) throw bad("its final message has no signature");
        byte[] got;
        try {
            got = Base64.getDecoder().decode(v);
        } catch (IllegalArgumentException e) {
            throw bad("its signature is not base64");
        }
        if (!MessageDigest.isEqual(got, serverSignature)) throw bad("its signature does not match: it does not know the password");
    }

    private static WireException bad(String what) {
        return new WireException("28000", "SCRAM authentication failed: the server's reply is not valid (" + what + ")");
    }

    private static String attribute(String message, char name) {
        for (String part : message.split(",")) {
            if (part.length() >= 2 && part.charAt(0) == name && part.charAt(1) == '=') return part.substring(2);
        }
        return null;
    }

    private static byte[] pbkdf2(char[] password, byte[] salt, int iterations) throws GeneralSecurityException {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } finally {
            spec.clearPassword();
        }
    }

    private static byte[] hmac(byte[] key, String text) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    }
}
