package dev.stampede.http.demo;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;

import java.util.List;

/**
 * The reference server's upload endpoints, ahead of the aggregator so a body of any size streams through: {@code POST
 * /api/upload} (the token bucket: an empty bucket answers 429 with Retry-After, after the body is read so the
 * connection stays in step) and {@code POST /api/files} (no limit). Each chunk is counted and released at once; a
 * multipart/form-data body's file parts are counted by {@link MultipartCounter}. The answer is JSON: {@code uploaded}
 * (body bytes), {@code files}, {@code file_bytes} and {@code fields} (the text parts by name, echoed). A malformed multipart body is a 400 with the reason. Other requests
 * pass on untouched. One per channel; event loop thread only.
 */
final class UploadSink extends ChannelInboundHandlerAdapter {
    private final DemoServer[] self;
    private boolean active;
    private boolean keepAlive;
    private long retryAfter;
    private long bodyBytes;
    private MultipartCounter multipart;

    /** {@code self[0]} is the server once started (read per request: a channel may be set up before it is assigned). */
    UploadSink(DemoServer[] self) { this.self = self; }

    static boolean handles(HttpRequest r) {
        if (!r.method().equals(HttpMethod.POST)) return false;
        String path = new QueryStringDecoder(r.uri()).path();
        return path.equals("/api/upload") || path.equals("/api/files");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        DemoServer server = self[0];
        if (!active && msg instanceof HttpRequest req && handles(req)) {
            active = true;
            keepAlive = HttpUtil.isKeepAlive(req);
            bodyBytes = 0;
            boolean limited = new QueryStringDecoder(req.uri()).path().equals("/api/upload");
            retryAfter = limited ? server.uploadBucket().take() : 0;
            String boundary = MultipartCounter.boundary(req.headers().get(HttpHeaderNames.CONTENT_TYPE));
            multipart = boundary == null ? null : new MultipartCounter(boundary);
            if (HttpUtil.is100ContinueExpected(req)) {
                ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
            }
            server.countRequest(ctx.channel());
        }
        if (!active) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (msg instanceof HttpContent c) {
                bodyBytes += c.content().readableBytes();
                if (multipart != null) multipart.feed(c.content());
                if (msg instanceof LastHttpContent) finish(ctx);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void finish(ChannelHandlerContext ctx) {
        DemoServer server = self[0];
        active = false;
        server.uploadBodyBytes().add(bodyBytes);
        if (retryAfter > 0) {
            answer(ctx, HttpResponseStatus.TOO_MANY_REQUESTS, "{\"error\":\"upload rate limit\"}", Long.toString(retryAfter));
            return;
        }
        long files = 0, fileBytes = 0;
        StringBuilder fields = new StringBuilder();
        if (multipart != null) {
            String problem = multipart.problem();
            if (problem != null) {
                answer(ctx, HttpResponseStatus.BAD_REQUEST, "{\"error\":" + DemoServer.jsonString("malformed multipart body: " + problem) + "}", null);
                return;
            }
            files = multipart.files();
            fileBytes = multipart.fileBytes();
            server.uploadFiles().add(files);
            multipart.fields().forEach((k, v) -> fields.append(fields.isEmpty() ? "" : ",").append(DemoServer.jsonString(k)).append(':')
                    .append(DemoServer.jsonString(v)));
            server.uploadFileBytes().add(fileBytes);
        }
        server.uploadsAccepted().increment();
        answer(ctx, HttpResponseStatus.OK, "{\"uploaded\":" + bodyBytes + ",\"files\":" + files + ",\"file_bytes\":" + fileBytes
                + ",\"fields\":{" + fields + "}}", null);
    }

    /** Through the API's own writer ({@link DemoServer.Handler#send}), with a {@code Retry-After} when given. */
    private void answer(ChannelHandlerContext ctx, HttpResponseStatus status, String json, String retryAfter) {
        List<String[]> headers = retryAfter == null ? List.of() : List.<String[]>of(new String[] {HttpHeaderNames.RETRY_AFTER.toString(), retryAfter});
        DemoServer.Handler.send(ctx, new DemoServer.Answer(status, json, "application/json", headers), keepAlive);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        active = false;
        ctx.fireChannelInactive();
    }
}
