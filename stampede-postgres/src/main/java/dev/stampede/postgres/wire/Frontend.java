package dev.stampede.postgres.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Encodes the frontend messages of PostgreSQL's protocol 3.0 into a buffer (in write mode, appended at its position).
 * Set-up messages only allocate their strings' bytes; the per-attempt Bind/Execute/Sync is built once per statement
 * by {@link #bindExecuteSync} and reused. Stateless; thread-safe.
 */
public final class Frontend {
    /** Protocol 3.0. */
    static final int PROTOCOL = 196608;

    private Frontend() {
    }

    /** StartupMessage: protocol 3.0 and the {@code key=value} parameters (user, database, ...). */
    public static void startup(ByteBuffer b, Map<String, String> parameters) {
        int start = b.position();
        b.putInt(0).putInt(PROTOCOL);
        for (Map.Entry<String, String> e : parameters.entrySet()) {
            cstring(b, e.getKey());
            cstring(b, e.getValue());
        }
        b.put((byte) 0);
        b.putInt(start, b.position() - start);
    }

    /** PasswordMessage with {@code text} (a cleartext password or an md5 hash), NUL-terminated. */
    public static void password(ByteBuffer b, byte[] text) {
        b.put((byte) 'p').putInt(4 + text.length + 1).put(text).put((byte) 0);
    }

    /** SASLInitialResponse: the mechanism and the client-first message. */
    public static void saslInitial(ByteBuffer b, String mechanism, String clientFirst) {
        byte[] m = mechanism.getBytes(StandardCharsets.UTF_8);
        byte[] d = clientFirst.getBytes(StandardCharsets.UTF_8);
        b.put((byte) 'p').putInt(4 + m.length + 1 + 4 + d.length).put(m).put((byte) 0).putInt(d.length).put(d);
    }

    /** SASLResponse: the client-final message. */
    public static void saslResponse(ByteBuffer b, String clientFinal) {
        byte[] d = clientFinal.getBytes(StandardCharsets.UTF_8);
        b.put((byte) 'p').putInt(4 + d.length).put(d);
    }

    /** Parse of a named statement with its parameters' type OIDs. */
    public static void parse(ByteBuffer b, String name, String sql, List<ParamType> types) {
        int start = b.position();
        b.put((byte) 'P').putInt(0);
        cstring(b, name);
        cstring(b, sql);
        b.putShort((short) types.size());
        for (ParamType t : types) b.putInt(t.oid());
        b.putInt(start + 1, b.position() - start - 1);
    }

    /** Describe of a named statement ({@code 'S'}). */
    public static void describeStatement(ByteBuffer b, String name) {
        int start = b.position();
        b.put((byte) 'D').putInt(0).put((byte) 'S');
        cstring(b, name);
        b.putInt(start + 1, b.position() - start - 1);
    }

    /** Sync. */
    public static void sync(ByteBuffer b) {
        b.put((byte) 'S').putInt(4);
    }

    /** Terminate. */
    public static void terminate(ByteBuffer b) {
        b.put((byte) 'X').putInt(4);
    }

    /**
     * Bind (unnamed portal, statement {@code name}, every parameter and every result column binary) + Execute (all
     * rows) + Sync, with zeroed parameter values.
     *
     * @param valueOffsets filled with each parameter value's offset from the buffer's start position
     */
    public static void bindExecuteSync(ByteBuffer b, String name, List<ParamType> types, int[] valueOffsets) {
        int base = b.position();
        b.put((byte) 'B').putInt(0).put((byte) 0);
        cstring(b, name);
        b.putShort((short) 1).putShort((short) 1);   // one format code for all parameters: binary
        b.putShort((short) types.size());
        for (int i = 0; i < types.size(); i++) {
            int w = types.get(i).width();
            b.putInt(w);
            valueOffsets[i] = b.position() - base;
            for (int k = 0; k < w; k++) b.put((byte) 0);
        }
        b.putShort((short) 1).putShort((short) 1);   // one format code for all result columns: binary
        b.putInt(base + 1, b.position() - base - 1);
        b.put((byte) 'E').putInt(9).put((byte) 0).putInt(0);
        sync(b);
    }

    static void cstring(ByteBuffer b, String s) {
        b.put(s.getBytes(StandardCharsets.UTF_8)).put((byte) 0);
    }
}
