package dev.stampede.http.demo;

import dev.stampede.core.engine.NanoClock;
import dev.stampede.http.client.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The reference stack's HTTP API on 127.0.0.1 (Netty, keep-alive, gzip when asked; HTTP/1.1 and HTTP/2, cleartext
 * h2c by prior knowledge or upgrade, or TLS with ALPN: see {@link DemoPipeline}):
 * <ul>
 * <li>{@code GET /health}, {@code /live} (no I/O), {@code /ready} (PostgreSQL and Redis answer)</li>
 * <li>{@code POST /api/login}: a bearer token in JSON and a {@code session} cookie</li>
 * <li>{@code GET /api/games?limit=N}; {@code POST /api/sessions} ({@code {"game_id":N}}), {@code GET /api/sessions},
 *     {@code GET|DELETE /api/sessions/ID}</li>
 * <li>{@code GET /api/financial/summary}: cached in Redis for 5 s</li>
 * <li>{@code POST /api/upload}: a token bucket (10 tokens, 2 per second); empty: 429 with Retry-After; {@code POST /api/files}:
 *     no limit. Both stream the body, counting bytes and multipart file parts ({@link UploadSink})</li>
 * <li>{@code GET /api/slow}: answers after 200 ms (timer, no thread held)</li>
 * <li>{@code GET /api/leaky}: leaks a pooled connection on a configured share of calls</li>
 * <li>{@code GET /api/redirect}: 302 to /health</li>
 * <li>{@code /ws/game}: the game WebSocket ({@link GameHub}: join, moves, state broadcasts)</li>
 * <li>{@code GET /api/echo?text=T[&retry_after=R]}: T as the body and in header {@code X-Echo} (with R: a 429 with Retry-After R) (tests of the reports' escaping)</li>
 * </ul>
 * Database and Redis calls run on a worker pool, never on the event loop. {@link #close()} stops it all. Thread-safe.
 */
public final class DemoServer implements AutoCloseable {
    private final Transport transport;
    private final Channel server;
    private final ExecutorService workers;
    private final DemoBackend backend;
    private final TokenBucket uploads;
    private final double leakShare;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private final LongAdder requests = new LongAdder();
    private final LongAdder requestsHttp1 = new LongAdder(), requestsH2 = new LongAdder(), requestsH2c = new LongAdder();
    private final LongAdder uploadBodyBytes = new LongAdder(), uploadFileBytes = new LongAdder(), uploadFiles = new LongAdder(),
            uploadsAccepted = new LongAdder();

    private final GameHub games;

    private final SelfSignedTls tls;

    private DemoServer(Transport transport, Channel server, ExecutorService workers, DemoBackend backend, TokenBucket uploads, double leakShare,
                       GameHub games, SelfSignedTls tls) {
        this.tls = tls;
        this.games = games;
        this.transport = transport;
        this.server = server;
        this.workers = workers;
        this.backend = backend;
        this.uploads = uploads;
        this.leakShare = leakShare;
    }

    /**
     * Starts on 127.0.0.1:{@code port} (0: any free port).
     *
     * @param workerThreads threads for the blocking database and Redis calls
     */
    public static DemoServer start(DemoBackend backend, int port, int workerThreads, double leakShare, NanoClock clock) throws InterruptedException {
        return start(backend, port, workerThreads, leakShare, clock, null);
    }

    /**
     * Starts on 127.0.0.1:{@code port} (0: any free port), speaking TLS (https, wss) with {@code tls}'s certificate when
     * it is given (not closed by the server), plain HTTP otherwise.
     */
    public static DemoServer start(DemoBackend backend, int port, int workerThreads, double leakShare, NanoClock clock, SelfSignedTls tls)
            throws InterruptedException {
        io.netty.handler.ssl.SslContext ssl;
        try {
            ssl = tls == null ? null : tls.serverContext(SelfSignedTls.bothVersions());
        } catch (javax.net.ssl.SSLException e) {
            throw new IllegalStateException("the reference server's TLS context: " + e.getMessage(), e);
        }
        Transport t = Transport.create(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())), "stampede-demo-io");
        ExecutorService workers = Executors.newFixedThreadPool(workerThreads, r -> {
            Thread th = new Thread(r, "stampede-demo-worker");
            th.setDaemon(true);
            return th;
        });
        DemoServer[] self = new DemoServer[1];
        GameHub games = new GameHub();
        try {
            Channel ch = new ServerBootstrap().group(t.group()).channel(t.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new DemoPipeline(self, games, ssl))
                    .bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
            self[0] = new DemoServer(t, ch, workers, backend, new TokenBucket(clock, 10, 2), leakShare, games, tls);
            t.group().next().scheduleAtFixedRate(games::tick, 1, 1, TimeUnit.SECONDS);
            return self[0];
        } catch (InterruptedException | RuntimeException e) {
            workers.shutdownNow();
            t.close();
            throw e;
        }
    }

    public int port() { return ((InetSocketAddress) server.localAddress()).getPort(); }

    public String baseUrl() { return (tls == null ? "http" : "https") + "://127.0.0.1:" + port(); }

    /** The PEM file a client trusts this server with ({@code http.ca}); null when it speaks plain HTTP. */
    public java.nio.file.Path caFile() { return tls == null ? null : tls.caFile(); }

    /** Requests answered so far (the server's own count, for tests to compare with the client's). */
    public long requests() { return requests.sum(); }

    public DemoBackend backend() { return backend; }

    /** One request, counted by the protocol it came over (an HTTP/2 stream is a child channel of its connection). */
    void countRequest(Channel ch) {
        requests.increment();
        if (ch instanceof io.netty.handler.codec.http2.Http2StreamChannel) {
            (ch.parent().pipeline().get(io.netty.handler.ssl.SslHandler.class) != null ? requestsH2 : requestsH2c).increment();
        } else {
            requestsHttp1.increment();
        }
    }

    /**
     * Requests by protocol, the server's own count: {@code HTTP/1.1}, {@code h2} (HTTP/2 over TLS, chosen by ALPN) and
     * {@code h2c} (cleartext HTTP/2, by prior knowledge or upgrade).
     */
    public java.util.Map<String, Long> requestsByProtocol() {
        return java.util.Map.of("HTTP/1.1", requestsHttp1.sum(), "h2", requestsH2.sum(), "h2c", requestsH2c.sum());
    }

    TokenBucket uploadBucket() { return uploads; }

    /** Body bytes received on the upload endpoints, framing included, accepted and throttled alike (the server's own count). */
    public LongAdder uploadBodyBytes() { return uploadBodyBytes; }

    /** Content bytes of the multipart file parts of accepted uploads, framing excluded (the server's own count). */
    public LongAdder uploadFileBytes() { return uploadFileBytes; }

    /** Multipart file parts of accepted uploads. */
    public LongAdder uploadFiles() { return uploadFiles; }

    /** Uploads answered 200. */
    public LongAdder uploadsAccepted() { return uploadsAccepted; }

    /** The game WebSocket's hub on {@code /ws/game}, with its own message counts. */
    public GameHub games() { return games; }

    @Override
    public void close() {
        server.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        workers.shutdownNow();
        transport.close();
        backend.close();
    }

    static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }

    /** One response of the reference API; {@link Handler#send} writes it (UploadSink too). */
    record Answer(HttpResponseStatus status, String body, String contentType, List<String[]> headers) {
        static Answer json(String body) { return new Answer(HttpResponseStatus.OK, body, "application/json", List.of()); }

        static Answer status(HttpResponseStatus s, String message) {
            return new Answer(s, "{\"error\":" + jsonString(message) + "}", "application/json", List.of());
        }
    }

    /** Routes one request; blocking work goes to the workers. */
    static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final DemoServer[] self;

        Handler(DemoServer[] self) { this.self = self; }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            DemoServer s = self[0];
            s.countRequest(ctx.channel());
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            QueryStringDecoder q = new QueryStringDecoder(req.uri());
            String path = q.path();
            HttpMethod m = req.method();
            String body = req.content().toString(StandardCharsets.UTF_8);
            // no I/O: answered on the event loop
            if (m.equals(HttpMethod.GET) && (path.equals("/health") || path.equals("/live"))) {
                send(ctx, Answer.json("{\"status\":\"ok\"}"), keepAlive);
                return;
            }
            if (m.equals(HttpMethod.GET) && path.equals("/api/slow")) {
                ctx.executor().schedule(() -> send(ctx, Answer.json("{\"slow\":true,\"delay_ms\":200}"), keepAlive), 200, TimeUnit.MILLISECONDS);
                return;
            }
            if (m.equals(HttpMethod.GET) && path.equals("/api/redirect")) {
                send(ctx, new Answer(HttpResponseStatus.FOUND, "", "text/plain", List.<String[]>of(new String[]{"Location", "/health"})), keepAlive);
                return;
            }
            if (m.equals(HttpMethod.GET) && path.equals("/api/echo")) {
                String text = first(q, "text", "");
                String retryAfter = first(q, "retry_after", null);
                if (retryAfter != null) {
                    send(ctx, new Answer(HttpResponseStatus.TOO_MANY_REQUESTS, text, "text/plain; charset=utf-8",
                            List.<String[]>of(new String[]{"Retry-After", retryAfter})), keepAlive);
                    return;
                }
                send(ctx, new Answer(HttpResponseStatus.OK, text, "text/plain; charset=utf-8", List.<String[]>of(new String[]{"X-Echo", text})), keepAlive);
                return;
            }
            if (m.equals(HttpMethod.POST) && path.equals("/api/login")) {
                String token = UUID.randomUUID().toString();
                send(ctx, new Answer(HttpResponseStatus.OK, "{\"token\":\"" + token + "\"}", "application/json",
                        List.<String[]>of(new String[]{"Set-Cookie", "session=" + token.substring(0, 8) + "; Path=/; HttpOnly"})), keepAlive);
                return;
            }
            try {
                s.workers.execute(() -> {
                    Answer a;
                    try {
                        a = route(s, m, path, q, body);
                    } catch (Exception e) {
                        a = Answer.status(HttpResponseStatus.INTERNAL_SERVER_ERROR, e.getClass().getSimpleName());
                    }
                    Answer done = a;
                    ctx.executor().execute(() -> send(ctx, done, keepAlive));
                });
            } catch (RejectedExecutionException stopping) {
                send(ctx, Answer.status(HttpResponseStatus.SERVICE_UNAVAILABLE, "stopping"), false);
            }
        }

        private static Answer route(DemoServer s, HttpMethod m, String path, QueryStringDecoder q, String body) throws Exception {
            DemoBackend b = s.backend;
            if (m.equals(HttpMethod.GET) && path.equals("/ready")) {
                return b.ready() ? Answer.json("{\"status\":\"ready\"}") : Answer.status(HttpResponseStatus.SERVICE_UNAVAILABLE, "not ready");
            }
            if (m.equals(HttpMethod.GET) && path.equals("/api/games")) return Answer.json(b.games(clamp(first(q, "limit", "20"))));
            if (m.equals(HttpMethod.GET) && path.equals("/api/financial/summary")) return Answer.json(b.financialSummary());
            if (m.equals(HttpMethod.GET) && path.equals("/api/leaky")) return Answer.json(b.leaky(s.leakShare));
            if (path.equals("/api/sessions")) {
                if (m.equals(HttpMethod.GET)) return Answer.json(b.sessions(clamp(first(q, "limit", "20"))));
                if (m.equals(HttpMethod.POST)) {
                    long game = 1;
                    if (!body.isBlank()) {
                        try {
                            com.fasterxml.jackson.databind.JsonNode j = JSON.readTree(body).get("game_id");
                            if (j != null) {
                                if (!j.isNumber() && !j.asText().matches("[0-9]{1,18}")) return Answer.status(HttpResponseStatus.BAD_REQUEST, "game_id must be a number");
                                game = Long.parseLong(j.asText());
                            }
                        } catch (java.io.IOException e) {
                            return Answer.status(HttpResponseStatus.BAD_REQUEST, "body is not JSON");
                        }
                    }
                    return new Answer(HttpResponseStatus.CREATED, b.createSession(game, "player"), "application/json", List.of());
                }
            }
            if (path.startsWith("/api/sessions/")) {
                long id;
                try {
                    id = Long.parseLong(path.substring("/api/sessions/".length()));
                } catch (NumberFormatException e) {
                    return Answer.status(HttpResponseStatus.BAD_REQUEST, "session id must be a number");
                }
                if (m.equals(HttpMethod.GET)) {
                    String j = b.session(id);
                    return j == null ? Answer.status(HttpResponseStatus.NOT_FOUND, "no session " + id) : Answer.json(j);
                }
                if (m.equals(HttpMethod.DELETE)) {
                    return b.deleteSession(id) ? Answer.json("{\"deleted\":" + id + "}") : Answer.status(HttpResponseStatus.NOT_FOUND, "no session " + id);
                }
            }
            return Answer.status(HttpResponseStatus.NOT_FOUND, "no route " + m + " " + path);
        }

        private static int clamp(String v) {
            try {
                return Math.max(1, Math.min(100, Integer.parseInt(v)));
            } catch (NumberFormatException e) {
                return 20;
            }
        }

        private static String first(QueryStringDecoder q, String name, String dflt) {
            List<String> v = q.parameters().get(name);
            return v == null || v.isEmpty() ? dflt : v.get(0);
        }

        static void send(ChannelHandlerContext ctx, Answer a, boolean keepAlive) {
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, a.status,
                    Unpooled.copiedBuffer(a.body, StandardCharsets.UTF_8));
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, a.contentType);
            for (String[] h : a.headers) r.headers().add(h[0], h[1]);
            HttpUtil.setContentLength(r, r.content().readableBytes());
            HttpUtil.setKeepAlive(r, keepAlive);
            if (keepAlive) ctx.writeAndFlush(r);
            else ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
