package dev.stampede.http.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

import java.util.concurrent.TimeUnit;

/**
 * One keep-alive connection, HTTP/1.1 or HTTP/2 (each request a new stream): at most one exchange at a time (no
 * pipelining, no multiplexing). An upload streams its multipart body: over HTTP/1.1 through Netty's chunked writer
 * (paced by the socket), over HTTP/2 through {@link Http2Upload} (paced by the stream's flow-control window). Its two
 * handlers sit at the two ends of the pipeline: {@link Counter} next to the socket counts the bytes each way and sees
 * the first response byte; {@link Tail} gets the aggregated response. Event loop thread only.
 */
final class Connection {
    final Channel channel;
    private final HttpClient client;
    private Exchange current;
    private int served;
    private boolean dead;
    /** The HTTP/2 upload in progress, null when none. */
    private Http2Upload upload;
    /** The HTTP/2 flow controller's listener ({@link Http2Pipeline}): resumes an upload the window held back. */
    final io.netty.handler.codec.http2.Http2RemoteFlowController.Listener h2Writability = stream -> {
        Http2Upload u = upload;
        if (u != null) u.writabilityChanged(stream);
    };

    Connection(HttpClient client, Channel channel) {
        this.client = client;
        this.channel = channel;
    }

    boolean usable() { return !dead && current == null && channel.isActive(); }

    boolean reused() { return served > 0; }

    void write(Exchange ex) {
        current = ex;
        ex.connection = this;
        PreparedRequest r = ex.request;
        String uri = client.origin().basePath() + r.pathAndQuery();
        ChannelFuture written;
        boolean h2 = overHttp2();
        if (r.upload() != null) {
            String boundary = "stampede-" + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong())
                    + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
            MultipartInput body;
            try {
                body = new MultipartInput(r.upload(), boundary);
            } catch (java.io.IOException e) {
                current = null;
                client.release(this, ex.lane);
                ex.fail(Failure.UPLOAD, "cannot read the upload: " + HttpClient.describe(e) + "; check the step's upload file");
                return;
            }
            HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, r.method(), uri);
            headers(head, r);
            head.headers().set(HttpHeaderNames.CONTENT_TYPE, "multipart/form-data; boundary=" + boundary);
            HttpUtil.setContentLength(head, body.length());
            if (h2) {
                upload = Http2Upload.start(channel, head, body);
                written = upload.written();
            } else {
                channel.write(head);
                written = channel.writeAndFlush(new HttpChunkedInput(body));
            }
        } else {
            FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, r.method(), uri, Unpooled.wrappedBuffer(r.body()));
            headers(req, r);
            if (r.body().length > 0 || r.method().equals(HttpMethod.POST) || r.method().equals(HttpMethod.PUT)
                    || r.method().equals(HttpMethod.PATCH)) {
                HttpUtil.setContentLength(req, r.body().length);
            }
            written = channel.writeAndFlush(req);
        }
        written.addListener(f -> {
            if (current != ex || ex.isEnded()) return;
            if (!f.isSuccess()) {
                lost(ex, "writing the request failed: " + HttpClient.describe(f.cause()), false);
                return;
            }
            ex.written = true;
            if (!ex.firstByteSeen) {
                long ms = client.settings().firstByteTimeout().toMillis();
                ex.firstByteTimer = channel.eventLoop().schedule(() -> {
                    if (current == ex && !ex.firstByteSeen) {
                        current = null;
                        dead = true;
                        channel.close();
                        ex.fail(Failure.FIRST_BYTE_TIMEOUT, "no response byte within the first-byte timeout of " + ms + " ms");
                    }
                }, ms, TimeUnit.MILLISECONDS);
            }
        });
    }

    /** 0 until the first request, then 1 for HTTP/1.1, 2 for HTTP/2; a benign race computes the same value twice. */
    private byte protocol;

    /**
     * True when the connection speaks HTTP/2 (prior knowledge, or ALPN h2): decided before the first request is
     * written (the pipeline is complete by then and the client does no h2c upgrade), so looked up once.
     */
    private boolean overHttp2() {
        if (protocol == 0) {
            protocol = channel.pipeline().get(io.netty.handler.codec.http2.HttpToHttp2ConnectionHandler.class) != null ? (byte) 2 : (byte) 1;
        }
        return protocol == 2;
    }

    private void headers(HttpRequest req, PreparedRequest r) {
        req.headers().set(r.headers());
        if (overHttp2()) {
            req.headers().set(io.netty.handler.codec.http2.HttpConversionUtil.ExtensionHeaderNames.SCHEME.text(), client.origin().scheme());
        }
        req.headers().set(HttpHeaderNames.HOST, client.origin().hostHeader());
        if (client.settings().gzip() && !req.headers().contains(HttpHeaderNames.ACCEPT_ENCODING)) {
            req.headers().set(HttpHeaderNames.ACCEPT_ENCODING, HttpHeaderValues.GZIP_DEFLATE);
        }
    }

    /** The total timeout fired: drop the exchange and the connection (a late response would desynchronise it). */
    void abandon(Exchange ex) {
        if (current == ex) {
            endUpload();
            current = null;
            dead = true;
            channel.close();
        }
    }

    private void lost(Exchange ex, String why, boolean afterWrite) {
        endUpload();
        current = null;
        dead = true;
        channel.close();
        if (ex.isEnded()) return;
        boolean mayResend = !ex.resent && reused() && !ex.firstByteSeen && (!afterWrite || ex.request.idempotent());
        if (mayResend) {
            ex.resent = true;
            ex.written = false;
            ex.cancelFirstByte();
            client.resend(ex);
        } else {
            ex.fail(Failure.CLOSED, "the connection closed before the response was complete (" + why + ")");
        }
    }

    /** The exchange is over (answered, failed, abandoned): an HTTP/2 upload still sending stops and resets its stream. */
    private void endUpload() {
        Http2Upload u = upload;
        upload = null;
        if (u != null) u.cancel();
    }

    private void onResponse(FullHttpResponse resp) {
        Exchange ex = current;
        if (ex == null) return;
        endUpload();
        current = null;
        served++;
        if (resp.decoderResult().isFailure()) {
            dead = true;
            channel.close();
            ex.fail(Failure.PROTOCOL, "malformed response: " + HttpClient.describe(resp.decoderResult().cause()));
            return;
        }
        boolean keep = HttpUtil.isKeepAlive(resp);
        if (!keep) dead = true;
        byte[] body = ByteBufUtil.getBytes(resp.content());
        boolean h2 = overHttp2();
        String protocol = h2 ? Reply.HTTP_2 : Reply.HTTP_1_1;
        if (h2) Http2Pipeline.stripExtensions(resp.headers());
        client.release(this, ex.lane);
        if (!keep) channel.close();
        if (ex.isEnded()) return;
        client.responded(ex, resp.status().code(), resp.headers(), body, protocol);
    }

    private void onInactive() {
        dead = true;
        client.closed(this);
        Exchange ex = current;
        if (ex != null) lost(ex, "closed by the server", ex.written);
    }

    private void onError(Throwable cause) {
        Exchange ex = current;
        if (ex != null && cause instanceof TooLongFrameException) {
            current = null;
            dead = true;
            channel.close();
            ex.fail(Failure.PROTOCOL, "response too large or malformed: " + HttpClient.describe(cause) + " (limit "
                    + client.settings().maxBodyBytes() + " bytes of body)");
            return;
        }
        if (ex != null) lost(ex, HttpClient.describe(cause), ex.written);
        else {
            dead = true;
            channel.close();
        }
    }

    /** Next to the socket: bytes in and out, and the first response byte. */
    static final class Counter extends ChannelDuplexHandler {
        private final Connection c;

        Counter(Connection c) { this.c = c; }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Exchange ex = c.current;
            if (ex != null && msg instanceof ByteBuf b) {
                ex.bytesIn += b.readableBytes();
                if (!ex.firstByteSeen) {
                    ex.firstByteSeen = true;
                    ex.cancelFirstByte();
                }
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            Exchange ex = c.current;
            if (ex != null) {
                if (msg instanceof ByteBuf b) ex.bytesOut += b.readableBytes();
                else if (msg instanceof ByteBufHolder h) ex.bytesOut += h.content().readableBytes();
            }
            ctx.write(msg, promise);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            c.onInactive();
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            c.onError(cause);
        }
    }

    /** At the end of the pipeline: the aggregated response. */
    static final class Tail extends SimpleChannelInboundHandler<FullHttpResponse> {
        private final Connection c;

        Tail(Connection c) { this.c = c; }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse msg) {
            c.onResponse(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            c.onError(cause);
        }
    }
}
