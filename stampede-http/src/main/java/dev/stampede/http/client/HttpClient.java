package dev.stampede.http.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * An asynchronous HTTP client for one origin on Netty: HTTP/1.1, or HTTP/2 ({@link Http2Pipeline}: h2c by prior knowledge,
 * h2 through ALPN), over http or https ({@link Tls}). Keep-alive connections owned by a virtual user's
 * {@link Lane} (policy per-user) or taken from a shared pool, connect / first-byte / total timeouts, same-origin
 * redirects, gzip, and one resend of a request whose reused keep-alive connection turned out closed. {@link #send}
 * returns at once; the {@link ReplyListener} is told on an event loop. Thread-safe.
 */
public final class HttpClient implements AutoCloseable {
    private final Origin origin;
    private final InetSocketAddress address;
    private final ClientSettings settings;
    private final Transport transport;
    private final boolean ownsTransport;
    private final Bootstrap bootstrap;
    private final LongAdder opened = new LongAdder();
    private final LongAdder connectFailures = new LongAdder();
    private final LongAdder tlsFailures = new LongAdder();
    private final AtomicInteger openNow = new AtomicInteger();
    /** Every open channel, per-user ones included, so that {@link #close()} (an abort) ends what is in flight. */
    private final java.util.Set<Channel> channels = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final SharedPool pool;
    /** https: the TLS context; null for http. */
    private final Tls tls;
    private volatile boolean closed;

    /**
     * @throws UnknownHostException when the origin's host does not resolve (resolved once, here, not per connection)
     */
    public HttpClient(Origin origin, ClientSettings settings, Transport transport, boolean ownsTransport) throws UnknownHostException {
        this(origin, null, settings, transport, ownsTransport);
    }

    /**
     * @param connectTo where connections go instead of the origin's address (a fault proxy in front of it), or null;
     *                  requests still name the origin (Host header, paths)
     */
    public HttpClient(Origin origin, InetSocketAddress connectTo, ClientSettings settings, Transport transport, boolean ownsTransport)
            throws UnknownHostException {
        this.origin = origin;
        this.settings = settings;
        this.transport = transport;
        this.ownsTransport = ownsTransport;
        this.address = connectTo != null ? connectTo : new InetSocketAddress(InetAddress.getByName(origin.host()), origin.port());
        ClientSettings.Protocol protocol = settings.protocol();
        this.tls = origin.secure() ? Tls.forClient(settings, Tls.alpnFor(protocol == ClientSettings.Protocol.HTTP_2
                || protocol == ClientSettings.Protocol.AUTO)) : null;
        this.bootstrap = new Bootstrap().group(transport.group()).channel(transport.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        Connection c = new Connection(HttpClient.this, ch);
                        if (tls != null) ch.pipeline().addLast("tls", tls.handler(ch.alloc(), origin.host(), origin.port()));
                        ch.pipeline().addLast("count", new Connection.Counter(c));
                        if (!origin.secure() && protocol == ClientSettings.Protocol.HTTP_2) {
                            ch.pipeline().addLast(Http2Pipeline.CODEC, Http2Pipeline.handler(settings.maxBodyBytes(), c.h2Writability));
                        } else {
                            ch.pipeline().addLast(Http2Pipeline.CODEC, new HttpClientCodec());
                        }
                        ch.pipeline().addLast("chunked", new io.netty.handler.stream.ChunkedWriteHandler());
                        if (settings.gzip()) ch.pipeline().addLast("inflate", new HttpContentDecompressor(0));
                        ch.pipeline().addLast("aggregate", new HttpObjectAggregator(settings.maxBodyBytes()));
                        ch.pipeline().addLast("tail", new Connection.Tail(c));
                        ch.attr(CONNECTION).set(c);
                    }
                });
        this.pool = settings.policy() == ClientSettings.Policy.SHARED ? new SharedPool(settings.sharedConnections()) : null;
    }

    private static final io.netty.util.AttributeKey<Connection> CONNECTION = io.netty.util.AttributeKey.valueOf("stampede.connection");

    public Origin origin() { return origin; }

    public ClientSettings settings() { return settings; }

    /** Connections opened so far (reconnects included). */
    public long connectionsOpened() { return opened.sum(); }

    /** Connections open now. */
    public int connectionsOpen() { return openNow.get(); }

    /** Connection attempts that failed. */
    public long connectFailures() { return connectFailures.sum(); }

    /** A virtual user's lane: its event loop and, for the per-user policy, its connection. */
    public Lane lane() {
        return new Lane(transport.group().next());
    }

    /** Sends {@code request}; returns at once. The listener hears exactly once. */
    public void send(Lane lane, PreparedRequest request, ReplyListener listener) {
        Exchange ex = new Exchange(request, listener, lane);
        if (closed) {
            ex.fail(Failure.SHUTDOWN, "the HTTP client is closed");
            return;
        }
        if (pool != null) {
            pool.acquire(ex);
        } else if (lane.loop.inEventLoop()) {
            startOnLane(ex);
        } else {
            lane.loop.execute(() -> startOnLane(ex));
        }
    }

    private void startOnLane(Exchange ex) {
        ex.listener.acquired();
        armTotal(ex, ex.lane.loop);
        runOnLane(ex);
    }

    private void runOnLane(Exchange ex) {
        Lane lane = ex.lane;
        Connection c = lane.connection;
        if (c != null && c.usable()) {
            c.write(ex);
            return;
        }
        lane.connection = null;
        connect(lane.loop, ex, conn -> {
            lane.connection = conn;
            conn.write(ex);
        });
    }

    private void armTotal(Exchange ex, EventLoop loop) {
        long ms = settings.totalTimeout().toMillis();
        ex.totalTimer = loop.schedule(() -> {
            if (ex.isEnded()) return;
            Connection c = ex.connection;
            if (c != null) c.abandon(ex);
            ex.fail(Failure.TOTAL_TIMEOUT, "no complete response within the total timeout of " + ms + " ms");
        }, ms, TimeUnit.MILLISECONDS);
    }

    private void connect(EventLoop loop, Exchange ex, java.util.function.Consumer<Connection> then) {
        ChannelFuture f = bootstrap.clone(loop).connect(address);
        f.addListener(done -> {
            if (done.isSuccess()) {
                Channel ch = f.channel();
                opened.increment();
                openNow.incrementAndGet();
                channels.add(ch);
                Connection c = ch.attr(CONNECTION).get();
                io.netty.handler.ssl.SslHandler ssl = ch.pipeline().get(io.netty.handler.ssl.SslHandler.class);
                if (ssl == null) {
                    connected(c, ex, then);
                    return;
                }
                ssl.handshakeFuture().addListener(hs -> {
                    if (hs.isSuccess()) {
                        String chosen = ssl.applicationProtocol();
                        if (io.netty.handler.ssl.ApplicationProtocolNames.HTTP_2.equals(chosen)) {
                            Http2Pipeline.replaceCodec(ch.pipeline(), settings.maxBodyBytes(), c.h2Writability);
                        } else if (settings.protocol() == ClientSettings.Protocol.HTTP_2) {
                            ch.close();
                            if (pool != null) pool.connectFailed();
                            ex.fail(Failure.PROTOCOL, "the server " + origin.hostHeader() + " did not choose HTTP/2 through ALPN (it chose "
                                    + (chosen == null ? "nothing" : chosen) + "); set http.http_version: auto (take what it offers) or 1.1");
                            return;
                        }
                        connected(c, ex, then);
                        return;
                    }
                    tlsFailures.increment();
                    ch.close();
                    if (pool != null) pool.connectFailed();
                    ex.fail(Failure.TLS, Tls.explain(hs.cause(), origin.hostHeader() + " (" + address + ")", settings));
                });
            } else {
                connectFailures.increment();
                Throwable t = done.cause();
                Failure kind = t instanceof ConnectTimeoutException ? Failure.CONNECT_TIMEOUT
                        : t instanceof UnknownHostException ? Failure.DNS : Failure.CONNECT;
                String what = kind == Failure.CONNECT_TIMEOUT
                        ? "no TCP connection to " + address + " within the connect timeout of " + settings.connectTimeout().toMillis() + " ms"
                        : "cannot connect to " + origin.hostHeader() + " (" + address + "): " + describe(t)
                        + (t instanceof ConnectException ? " (nothing listens there, or a firewall refuses)" : "");
                if (pool != null) pool.connectFailed();
                ex.fail(kind, what);
            }
        });
    }

    private void connected(Connection c, Exchange ex, java.util.function.Consumer<Connection> then) {
        if (ex.isEnded()) {
            release(c, ex.lane);
            return;
        }
        then.accept(c);
    }

    /** TLS handshakes that failed. */
    public long tlsFailures() { return tlsFailures.sum(); }

    /** The connection's exchange ended with a response; it may serve the next one. Event loop thread. */
    void release(Connection c, Lane lane) {
        if (pool != null) pool.release(c);
        // per-user: the lane keeps it; usable() is checked before reuse
    }

    /** The connection's channel closed. */
    void closed(Connection c) {
        openNow.decrementAndGet();
        channels.remove(c.channel);
        if (pool != null) pool.forget(c);
    }

    /** A stale keep-alive connection closed under a request: try once more on a new connection. */
    void resend(Exchange ex) {
        if (pool != null) pool.acquireAgain(ex);
        else ex.lane.loop.execute(() -> {
            ex.lane.connection = null;
            runOnLane(ex);
        });
    }

    /** A response arrived: follow a same-origin redirect or tell the listener. */
    void responded(Exchange ex, int status, HttpHeaders headers, byte[] body, String protocol) {
        String location = headers.get(HttpHeaderNames.LOCATION);
        boolean redirect = (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) && location != null;
        if (redirect && settings.maxRedirects() > 0) {
            if (ex.redirects >= settings.maxRedirects()) {
                ex.fail(Failure.REDIRECT, "more than " + settings.maxRedirects() + " redirects (last to " + location + ")");
                return;
            }
            String target = sameOriginPath(location);
            if (target == null) {
                ex.fail(Failure.REDIRECT, "redirect " + status + " to another origin (" + location + ") not followed; this client "
                        + "talks to " + origin + " only");
                return;
            }
            ex.redirects++;
            PreparedRequest r = ex.request;
            boolean toGet = status == 303 || ((status == 301 || status == 302) && r.method().equals(HttpMethod.POST));
            ex.request = toGet ? new PreparedRequest(HttpMethod.GET, target, r.headers(), null)
                    : new PreparedRequest(r.method(), target, r.headers(), r.body(), r.upload());
            if (toGet) ex.request.headers().remove(HttpHeaderNames.CONTENT_TYPE);
            ex.resent = false;
            ex.written = false;
            ex.firstByteSeen = false;
            if (pool != null) pool.acquireAgain(ex);
            else ex.lane.loop.execute(() -> runOnLane(ex));
            return;
        }
        if (ex.end()) ex.listener.reply(new Reply(status, headers, body, ex.bytesIn, ex.bytesOut, ex.redirects, protocol));
    }

    /** The path (relative to the base path) of a same-origin Location, or null for another origin. */
    String sameOriginPath(String location) {
        URI u;
        try {
            u = URI.create(location);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (u.getHost() != null && (!u.getHost().equalsIgnoreCase(origin.host()) || !origin.scheme().equalsIgnoreCase(u.getScheme())
                || (u.getPort() < 0 ? Origin.defaultPort(origin.scheme()) : u.getPort()) != origin.port())) {
            return null;
        }
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        if (!path.startsWith("/")) path = "/" + path;
        if (!origin.basePath().isEmpty()) {
            if (!path.startsWith(origin.basePath())) return null;
            path = path.substring(origin.basePath().length());
            if (path.isEmpty()) path = "/";
        }
        return u.getRawQuery() == null ? path : path + "?" + u.getRawQuery();
    }

    static String describe(Throwable t) {
        if (t == null) return "unknown cause";
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + dev.stampede.core.util.Secrets.redact(m));
    }

    /** Closes every connection; pending requests end as {@link Failure#SHUTDOWN} or with their connection's close. */
    @Override
    public void close() {
        closed = true;
        if (pool != null) pool.closeAll();
        for (Channel ch : channels) ch.close();
        if (ownsTransport) transport.close();
    }

    /** Closes the lane's connection (a virtual user leaving). */
    public void closeLane(Lane lane) {
        Connection c = lane.connection;
        if (c != null) c.channel.close();
    }

    /** A virtual user's event loop and connection. The connection field is touched on {@link #loop} only. */
    public static final class Lane {
        final EventLoop loop;
        Connection connection;

        Lane(EventLoop loop) { this.loop = loop; }

        /** The user's event loop (its WebSocket runs there too). */
        public EventLoop loop() { return loop; }
    }

    /** The shared policy: at most {@code size} connections, idle ones reused, waiters served first come first. */
    private final class SharedPool {
        private final int size;
        private final ArrayDeque<Connection> idle = new ArrayDeque<>();
        private final ArrayDeque<Exchange> waiting = new ArrayDeque<>();
        private final java.util.Set<Connection> all = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private int count;

        SharedPool(int size) { this.size = size; }

        void acquire(Exchange ex) {
            Connection c = null;
            boolean connect = false;
            synchronized (this) {
                while (!idle.isEmpty()) {
                    Connection i = idle.pollLast();
                    if (i.usable()) {
                        c = i;
                        break;
                    }
                }
                if (c == null) {
                    if (count < size) {
                        count++;
                        connect = true;
                    } else {
                        waiting.add(ex);
                        return;
                    }
                }
            }
            if (c != null) {
                Connection use = c;
                use.channel.eventLoop().execute(() -> begin(ex, use));
            } else if (connect) {
                EventLoop loop = ex.lane.loop;
                loop.execute(() -> {
                    ex.listener.acquired();
                    armTotal(ex, loop);
                    connect(loop, ex, conn -> {
                        all.add(conn);
                        conn.write(ex);
                    });
                });
            }
        }

        private void begin(Exchange ex, Connection c) {
            if (!c.usable()) {
                acquire(ex);
                return;
            }
            ex.listener.acquired();
            armTotal(ex, c.channel.eventLoop());
            c.write(ex);
        }

        /** A redirect or a resend: the exchange already holds its timers, it only needs a connection again. */
        void acquireAgain(Exchange ex) {
            Connection c = null;
            synchronized (this) {
                while (!idle.isEmpty()) {
                    Connection i = idle.pollLast();
                    if (i.usable()) {
                        c = i;
                        break;
                    }
                }
                if (c == null) count++;
            }
            if (c != null) {
                Connection use = c;
                use.channel.eventLoop().execute(() -> use.write(ex));
            } else {
                connect(ex.lane.loop, ex, conn -> {
                    all.add(conn);
                    conn.write(ex);
                });
            }
        }

        void release(Connection c) {
            Exchange next;
            synchronized (this) {
                next = waiting.poll();
                if (next == null) {
                    idle.add(c);
                    return;
                }
            }
            Exchange ex = next;
            c.channel.eventLoop().execute(() -> begin(ex, c));
        }

        void forget(Connection c) {
            Exchange next = null;
            synchronized (this) {
                if (all.remove(c)) {
                    count--;
                    idle.remove(c);
                    if (!waiting.isEmpty() && count < size) {
                        next = waiting.poll();
                    }
                }
            }
            if (next != null) acquire(next);
        }

        void connectFailed() {
            Exchange next;
            synchronized (this) {
                count--;
                next = waiting.poll();
            }
            if (next != null) acquire(next);
        }

        void closeAll() {
            java.util.List<Exchange> left;
            synchronized (this) {
                left = new java.util.ArrayList<>(waiting);
                waiting.clear();
            }
            for (Exchange e : left) e.fail(Failure.SHUTDOWN, "the HTTP client closed while the request waited for a connection");
            for (Connection c : all) c.channel.close();
        }
    }
}
