package dev.stampede.http.ws;

import dev.stampede.http.client.ClientSettings;
import dev.stampede.http.client.Origin;
import dev.stampede.http.client.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * WebSockets (ws://, or wss:// over the same TLS settings as https requests; RFC 6455) to the HTTP target's origin, on Netty's codec: {@link #connect} opens one on a given
 * event loop (the virtual user's lane, so all of a user's HTTP and WebSocket work runs on one thread) and hands the
 * {@link WsConnection} to the callback once the server answered 101. The base URL's path prefix is kept
 * ({@code http://host:8000/api} + {@code /ws} = {@code ws://host:8000/api/ws}). Thread-safe.
 */
public final class WsClient implements AutoCloseable {
    private final Origin origin;
    private final InetSocketAddress address;
    private final ClientSettings settings;
    private final WsEvents events;
    private final Bootstrap bootstrap;
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    private final LongAdder opened = new LongAdder();
    private final LongAdder connectFailures = new LongAdder();
    private final AtomicInteger openNow = new AtomicInteger();
    private volatile boolean closed;
    /** wss: the TLS context; null for ws. */
    private final dev.stampede.http.client.Tls tls;

    /** @throws UnknownHostException when the origin's host does not resolve */
    public WsClient(Origin origin, ClientSettings settings, Transport transport, WsEvents events) throws UnknownHostException {
        this(origin, null, settings, transport, events);
    }

    /** @param connectTo where connections go instead of the origin's address (a fault proxy in front of it), or null */
    public WsClient(Origin origin, InetSocketAddress connectTo, ClientSettings settings, Transport transport, WsEvents events)
            throws UnknownHostException {
        this.origin = origin;
        this.settings = settings;
        this.events = new Counting(events);
        this.address = connectTo != null ? connectTo : new InetSocketAddress(InetAddress.getByName(origin.host()), origin.port());
        this.tls = origin.secure() ? dev.stampede.http.client.Tls.forClient(settings, dev.stampede.http.client.Tls.alpnFor(false)) : null;
        this.bootstrap = new Bootstrap().group(transport.group()).channel(transport.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()));
    }

    public Origin origin() { return origin; }

    WsEvents events() { return events; }

    int maxMessageBytes() { return settings.maxBodyBytes(); }

    /** WebSockets whose handshake completed, since the client was made. */
    public long opened() { return opened.sum(); }

    /** WebSockets open now. */
    public int openNow() { return openNow.get(); }

    /** TCP connects that failed. */
    public long connectFailures() { return connectFailures.sum(); }

    /** The ws:// (wss:// for an https origin) URI for a path (and query) relative to the base URL. */
    public URI uri(String pathAndQuery) {
        String p = pathAndQuery.startsWith("/") ? pathAndQuery : "/" + pathAndQuery;
        try {
            return new URI((origin.secure() ? "wss://" : "ws://") + origin.hostHeader() + origin.basePath() + p);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + pathAndQuery + "' is not a valid WebSocket path: " + e.getReason());
        }
    }

    /**
     * Opens a WebSocket on {@code pathAndQuery} with {@code headers} on the upgrade request (cookies, a bearer token).
     * Call on {@code loop}. The callback hears once: opened, or failed (refused, connect timeout, a handshake refused,
     * or no 101 within {@code timeoutMs} from now).
     */
    public void connect(EventLoop loop, String pathAndQuery, HttpHeaders headers, long timeoutMs, WsOpen callback) {
        if (closed) {
            callback.failed(WsFailure.CLOSED, "the WebSocket client is closed (the run is ending)");
            return;
        }
        URI uri;
        try {
            uri = uri(pathAndQuery);
        } catch (IllegalArgumentException e) {
            callback.failed(WsFailure.HANDSHAKE, e.getMessage());
            return;
        }
        WebSocketClientHandshaker hs = WebSocketClientHandshakerFactory.newHandshaker(uri, WebSocketVersion.V13, null, false, headers,
                settings.maxBodyBytes());
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        WsConnection c = new WsConnection(this, hs, target, callback);
        ChannelFuture f = bootstrap.clone(loop).handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                if (tls != null) {
                    io.netty.handler.ssl.SslHandler ssl = tls.handler(ch.alloc(), origin.host(), origin.port());
                    ch.pipeline().addLast("tls", ssl);
                    ssl.handshakeFuture().addListener(hs -> {
                        if (hs.isSuccess()) return;
                        events.handshakeFailed();
                        c.connectFailed(WsFailure.TLS, dev.stampede.http.client.Tls.explain(hs.cause(), origin.hostHeader() + " (" + address
                                + ") for the WebSocket " + target, settings));
                        ch.close();
                    });
                }
                ch.pipeline().addLast("http", new HttpClientCodec());
                ch.pipeline().addLast("aggregate", new HttpObjectAggregator(64 * 1024));
                ch.pipeline().addLast("ws", c);
            }
        }).connect(address);
        channels.add(f.channel());
        c.connectTimer(loop.schedule(() -> c.connectTimedOut(timeoutMs), timeoutMs, TimeUnit.MILLISECONDS));
        f.addListener(done -> {
            if (done.isSuccess()) return;
            channels.remove(f.channel());
            connectFailures.increment();
            Throwable t = done.cause();
            boolean timeout = t instanceof ConnectTimeoutException;
            c.connectFailed(timeout ? WsFailure.CONNECT_TIMEOUT : WsFailure.CONNECT, timeout
                    ? "no TCP connection to " + address + " for the WebSocket " + target + " within the connect timeout of "
                    + settings.connectTimeout().toMillis() + " ms"
                    : "cannot connect to " + origin.hostHeader() + " (" + address + ") for the WebSocket " + target + ": " + describe(t)
                    + (t instanceof ConnectException ? " (nothing listens there, or a firewall refuses)" : ""));
        });
    }

    void forget(Channel ch) {
        channels.remove(ch);
    }

    static String describe(Throwable t) {
        if (t == null) return "unknown cause";
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + dev.stampede.core.util.Secrets.redact(m));
    }

    /** Drops every WebSocket at once (an abort or the end of the run); pending steps fail as closed. */
    @Override
    public void close() {
        closed = true;
        for (Channel ch : channels) ch.close();
    }

    /** Keeps the client's own open/opened counts, then passes each event on. */
    private final class Counting implements WsEvents {
        private final WsEvents next;

        Counting(WsEvents next) { this.next = next; }

        @Override public void opened() {
            opened.increment();
            openNow.incrementAndGet();
            next.opened();
        }

        @Override public void closed() {
            openNow.decrementAndGet();
            next.closed();
        }

        @Override public void handshakeFailed() { next.handshakeFailed(); }

        @Override public void messageOut(long bytes) { next.messageOut(bytes); }

        @Override public void messageIn(long bytes) { next.messageIn(bytes); }

        @Override public void closeCode(int code) { next.closeCode(code); }
    }
}
