package dev.stampede.postgres.wire;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One PostgreSQL session over protocol 3.0 on a blocking {@link SocketChannel}: startup, authentication (trust,
 * cleartext, md5, SCRAM-SHA-256), named prepared statements (Parse/Describe once, then Bind/Execute/Sync per
 * execution from a buffer built once), NoticeResponse and ParameterStatus read and ignored, Terminate on
 * {@link #close()}.
 *
 * <p>Why not pgjdbc: an execution here is one {@code write} of the statement's prebuilt buffer (values patched in
 * place) and the {@code read}s of its reply into a reused direct buffer; no object is allocated, no lock of ours is
 * taken (the JDK channel's uncontended read and write locks remain). pgjdbc allocates about ten objects and takes
 * its {@code ResourceLock}s per execute. Under load the socket is handed to a {@link WireLoop} after the set-up
 * ({@link LoopConnection} then sends and decodes the same messages without blocking); the blocking
 * {@link PreparedStatement#execute()} serves direct use and tests.
 *
 * <p>Errors are {@link WireException}s with the server's SQLSTATE; a broken connection is SQLSTATE 08006 with the
 * {@link IOException} as cause (or the server's FATAL error when it sent one before closing, such as 57P01 after
 * {@code pg_terminate_backend}), after which the connection is {@link #broken()} and must be closed.
 *
 * <p>Not thread-safe: one thread at a time uses it (until the hand-over, the thread that opened it; after it, the
 * loop's); {@link #abort()} and {@link #broken()} may be called from any thread, and an abort makes a blocked read
 * or write fail at once.
 */
public final class WireConnection implements AutoCloseable {
    private static final int BUFFER = 16 * 1024;

    private final SocketChannel channel;
    private final String address;
    private ByteBuffer in = ByteBuffer.allocateDirect(BUFFER).flip();
    private final ByteBuffer setup = ByteBuffer.allocate(BUFFER);
    private final Map<String, String> parameters = new HashMap<>();
    private int backendPid;
    private volatile boolean broken;
    private boolean handedOver;
    private boolean closed;
    private int statements;

    private WireConnection(SocketChannel channel, String address) {
        this.channel = channel;
        this.address = address;
    }

    /**
     * Connects, authenticates and waits for the first ReadyForQuery, all within {@link WireSettings#connectTimeout()}
     * (past it the socket is closed and this fails with 08001).
     *
     * @throws WireException the server's error (28P01 for a wrong password, 3D000 for a missing database, ...), or
     *                       08001 when the server cannot be reached or does not answer in time
     */
    public static WireConnection open(WireSettings s) throws WireException {
        SocketChannel ch;
        try {
            ch = SocketChannel.open();
        } catch (IOException e) {
            throw new WireException("08001", "cannot open a socket: " + e.getMessage(), e);
        }
        AtomicBoolean settled = new AtomicBoolean();
        long ms = Math.max(1, s.connectTimeout().toMillis());
        CompletableFuture.runAsync(() -> {
            if (settled.compareAndSet(false, true)) closeQuietly(ch);
        }, CompletableFuture.delayedExecutor(ms, TimeUnit.MILLISECONDS));
        WireConnection c = new WireConnection(ch, s.address());
        try {
            ch.socket().connect(new InetSocketAddress(s.host(), s.port()), (int) Math.min(Integer.MAX_VALUE, ms));
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            c.startup(s);
            if (!settled.compareAndSet(false, true)) throw new IOException("timed out");
            return c;
        } catch (IOException e) {
            closeQuietly(ch);
            String why = settled.get() && !ch.isOpen() ? "no answer within " + ms + " ms" : e.toString();
            throw new WireException("08001", "cannot connect to PostgreSQL at " + s.address() + ": " + why, e);
        } catch (WireException e) {
            settled.set(true);
            closeQuietly(ch);
            throw e;
        }
    }

    private void startup(WireSettings s) throws IOException, WireException {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("user", s.user());
        p.put("database", s.database());
        p.put("client_encoding", "UTF8");
        p.putAll(s.startup());
        setup.clear();
        Frontend.startup(setup, p);
        flushSetup();
        Scram scram = null;
        WireException error = null;
        for (;;) {
            byte type = header();
            int len = bodyLength;
            int end = in.position() + len;
            switch (type) {
                case 'R' -> {
                    int code = in.getInt();
                    switch (code) {
                        case 0 -> { }
                        case 3 -> {
                            setup.clear();
                            Frontend.password(setup, password(s, "cleartext").getBytes(StandardCharsets.UTF_8));
                            flushSetup();
                        }
                        case 5 -> {
                            byte[] salt = new byte[4];
                            in.get(salt);
                            setup.clear();
                            Frontend.password(setup, md5(s.user(), password(s, "md5"), salt));
                            flushSetup();
                        }
                        case 10 -> {
                            String mechanisms = cstrings(end);
                            if (!List.of(mechanisms.split("\0")).contains(Scram.MECHANISM)) {
                                throw new WireException("28000", "the server offers SASL mechanisms " + mechanisms.replace('\0', ' ').trim()
                                        + " but not " + Scram.MECHANISM + "; use database.driver: jdbc");
                            }
                            password(s, Scram.MECHANISM);
                            scram = new Scram("", Scram.newNonce());
                            setup.clear();
                            Frontend.saslInitial(setup, Scram.MECHANISM, scram.clientFirst());
                            flushSetup();
                        }
                        case 11 -> {
                            if (scram == null) throw new WireException("08P01", "the server sent SASLContinue before SASL");
                            String reply = scram.clientFinal(text(end), s.password().toCharArray());
                            setup.clear();
                            Frontend.saslResponse(setup, reply);
                            flushSetup();
                        }
                        case 12 -> {
                            if (scram == null) throw new WireException("08P01", "the server sent SASLFinal before SASL");
                            scram.verifyServerFinal(text(end));
                        }
                        default -> throw new WireException("28000", "the server asks for authentication method " + code
                                + " (" + method(code) + "), which the wire driver does not speak; use database.driver: jdbc");
                    }
                }
                case 'S' -> parameters.put(cstring(), cstring());
                case 'K' -> backendPid = in.getInt();
                case 'E' -> error = error(end);
                case 'N' -> { }
                case 'Z' -> {
                    in.position(end);
                    if (error != null) throw error;
                    return;
                }
                default -> throw new WireException("08P01", "unexpected message '" + (char) type + "' during startup from " + address);
            }
            in.position(end);
            if (error != null && type == 'E') throw error;   // an error during startup is always FATAL: the server closes
        }
    }

    private static String password(WireSettings s, String method) throws WireException {
        if (s.password() == null) {
            throw new WireException("28P01", "the server asks for a password (" + method + ") for user '" + s.user()
                    + "' and the URL has none");
        }
        return s.password();
    }

    private static String method(int code) {
        return switch (code) {
            case 2 -> "Kerberos V5";
            case 7 -> "GSSAPI";
            case 9 -> "SSPI";
            default -> "unknown";
        };
    }

    private static byte[] md5(String user, String password, byte[] salt) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            String inner = HexFormat.of().formatHex(md.digest((password + user).getBytes(StandardCharsets.UTF_8)));
            md.update(inner.getBytes(StandardCharsets.US_ASCII));
            md.update(salt);
            return ("md5" + HexFormat.of().formatHex(md.digest())).getBytes(StandardCharsets.US_ASCII);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK lacks MD5", e);
        }
    }

    /**
     * Parses and describes {@code sql} as a named statement of this connection (one round trip) and builds its
     * Bind/Execute/Sync buffer.
     *
     * @throws WireException the server's error (a missing table: 42P01, a syntax error: 42601, ...)
     */
    public PreparedStatement prepare(String sql, List<ParamType> types) throws WireException {
        String name = "stampede_" + (++statements);
        ensureUsable();
        setup.clear();
        Frontend.parse(setup, name, sql, types);
        Frontend.describeStatement(setup, name);
        Frontend.sync(setup);
        try {
            flushSetup();
            WireException error = null;
            for (;;) {
                byte type = header();
                int end = in.position() + bodyLength;
                if (type == 'E') error = error(end);
                else if (type == 'Z') {
                    in.position(end);
                    if (error != null) throw error;
                    break;
                }
                in.position(end);   // ParseComplete, ParameterDescription, RowDescription / NoData, notices
            }
        } catch (IOException e) {
            throw brokenBy(e, null);
        }
        ByteBuffer b = ByteBuffer.allocateDirect(64 + name.length() + types.size() * 12);
        int[] offsets = new int[types.size()];
        Frontend.bindExecuteSync(b, name, types, offsets);
        b.flip();
        return new PreparedStatement(this, b, offsets);
    }

    /**
     * Sends {@code message} (a statement's Bind/Execute/Sync, position 0 to limit) and reads the reply up to
     * ReadyForQuery. Allocates nothing unless the server sends an error or a message larger than the read buffer.
     *
     * @return data rows received
     * @throws WireException the server's error for the execution, after its ReadyForQuery (the connection stays
     *                       usable), or a broken connection ({@link #broken()} is then true)
     */
    int execute(ByteBuffer message) throws WireException {
        ensureUsable();
        int rows = 0;
        WireException error = null;
        try {
            message.position(0);
            while (message.hasRemaining()) channel.write(message);
            for (;;) {
                byte type = header();
                int end = in.position() + bodyLength;
                switch (type) {
                    case 'D' -> rows++;
                    case 'E' -> error = error(end);
                    case 'Z' -> {
                        in.position(end);
                        if (error != null) throw error;
                        return rows;
                    }
                    default -> { }   // BindComplete, CommandComplete, NoticeResponse, ParameterStatus, notifications
                }
                in.position(end);
            }
        } catch (IOException e) {
            throw brokenBy(e, error);
        }
    }

    private void ensureUsable() throws WireException {
        if (handedOver) throw new IllegalStateException("the connection to " + address + " belongs to an event loop now");
        if (broken || closed) throw new WireException("08003", "the connection to " + address + " is closed");
    }

    /**
     * Marks the connection broken. When the server sent a FATAL error before closing (57P01 after
     * pg_terminate_backend, 57P02/57P03 at shutdown) that error is the cause the attempt reports.
     */
    private WireException brokenBy(IOException e, WireException sent) {
        broken = true;
        closeQuietly(channel);
        return Backend.broken(e, sent, in, address);
    }

    private int bodyLength;

    /** Reads the next message's type and length; its body is then in {@link #in} from its position. */
    private byte header() throws IOException {
        need(5);
        byte type = in.get();
        bodyLength = in.getInt() - 4;
        if (bodyLength < 0) throw new IOException("a message of negative length from " + address);
        need(bodyLength);
        return type;
    }

    /** Makes at least {@code n} bytes readable, reading (and, for a larger message, growing the buffer) as needed. */
    private void need(int n) throws IOException {
        if (in.remaining() >= n) return;
        if (n > in.capacity()) {
            ByteBuffer bigger = ByteBuffer.allocateDirect(Math.max(n, in.capacity() * 2));
            bigger.put(in).flip();
            in = bigger;
        }
        in.compact();
        try {
            while (in.position() < n) {
                if (channel.read(in) < 0) throw new EOFException("the server closed the connection");
            }
        } finally {
            in.flip();
        }
    }

    private void flushSetup() throws IOException {
        setup.flip();
        while (setup.hasRemaining()) channel.write(setup);
        setup.clear();
    }

    private WireException error(int end) {
        return Backend.error(in, end);
    }

    private String cstring() {
        return Backend.cstring(in);
    }

    private String cstrings(int end) {
        byte[] b = new byte[end - in.position()];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private String text(int end) {
        return cstrings(end);
    }

    /**
     * Hands the socket to an event loop ({@link LoopConnection}): the channel and any bytes already read. After this
     * only the loop reads and writes it; this object keeps answering {@link #backendPid()}, {@link #parameters()} and
     * {@link #broken()} (the loop marks it broken through {@link #markBroken()}).
     */
    SocketChannel channel() {
        handedOver = true;
        return channel;
    }

    /** The read buffer (read mode) with whatever the server sent past the last ReadyForQuery; for the hand-over. */
    ByteBuffer input() { return in; }

    /** Called by the loop that owns the socket when it broke or was aborted. */
    void markBroken() { broken = true; }

    /** The server's ParameterStatus values so far (server_version, TimeZone, ...). */
    public Map<String, String> parameters() { return Map.copyOf(parameters); }

    /** The backend's process id (BackendKeyData), for pg_terminate_backend and pg_stat_activity. */
    public int backendPid() { return backendPid; }

    /** True once a read or write failed: the connection cannot be used again. */
    public boolean broken() { return broken; }

    /** Closes the socket without a Terminate, from any thread: a blocked read or write fails at once. */
    public void abort() {
        broken = true;
        closeQuietly(channel);
    }

    /** Sends Terminate (when the connection still works) and closes it. Idempotent; the owning thread only. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (!broken && !handedOver && channel.isOpen()) {
            try {
                setup.clear();
                Frontend.terminate(setup);
                flushSetup();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
