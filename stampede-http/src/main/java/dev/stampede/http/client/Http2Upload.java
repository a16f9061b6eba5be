package dev.stampede.http.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2RemoteFlowController;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.HttpToHttp2ConnectionHandler;

import java.io.IOException;

/**
 * One multipart upload over an HTTP/2 stream, read from its {@link MultipartInput} only as fast as the stream's
 * flow-control window opens. Netty's HTTP/2 encoder queues DATA frames the window does not yet allow without making
 * the channel unwritable, so a chunked writer that only watches the channel would read the whole file into that queue;
 * this one writes a chunk only while {@link Http2RemoteFlowController#isWritable} says the stream (and the connection,
 * and the socket) can take more, and resumes when the flow controller reports the stream writable again (a
 * WINDOW_UPDATE, or the socket draining). So at most a window plus a chunk is in memory, whatever the size.
 * Event loop thread only.
 */
final class Http2Upload {
    private final Channel channel;
    private final HttpToHttp2ConnectionHandler handler;
    private final Http2Connection h2;
    private final Http2RemoteFlowController flow;
    private final MultipartInput body;
    private final ChannelPromise written;
    private int streamId = -1;
    private boolean finished;
    /** True inside {@link #pump}: a write can make the flow controller call back at once, and that call must not nest. */
    private boolean pumping;

    private Http2Upload(Channel channel, HttpToHttp2ConnectionHandler handler, MultipartInput body) {
        this.channel = channel;
        this.handler = handler;
        this.h2 = handler.connection();
        this.flow = h2.remote().flowController();
        this.body = body;
        this.written = channel.newPromise();
    }

    /**
     * Writes {@code head} as a new stream's HEADERS and starts sending {@code body} as its DATA frames.
     *
     * @return the upload; {@link #written()} completes when the last frame has been written, or fails
     */
    static Http2Upload start(Channel channel, HttpRequest head, MultipartInput body) {
        HttpToHttp2ConnectionHandler handler = channel.pipeline().get(HttpToHttp2ConnectionHandler.class);
        Http2Upload u = new Http2Upload(channel, handler, body);
        channel.write(head).addListener(f -> {
            if (!f.isSuccess()) u.stop(f.cause());
        });
        // the handler created the stream while writing the headers (on this thread)
        u.streamId = u.h2.local().lastStreamCreated();
        u.pump();
        return u;
    }

    /** Completes when the whole body has been written; fails when it could not be. */
    ChannelFuture written() { return written; }

    /** The flow controller's listener: a stream's writability changed. */
    void writabilityChanged(Http2Stream stream) {
        if (!finished && stream.id() == streamId) pump();
    }

    private void pump() {
        if (pumping) return;
        pumping = true;
        try {
            while (!finished) {
                Http2Stream s = h2.stream(streamId);
                if (s == null || s.state() == Http2Stream.State.CLOSED || s.state() == Http2Stream.State.HALF_CLOSED_LOCAL) {
                    stop(new IOException("the server closed the stream after " + body.progress() + " of " + body.length() + " body bytes"));
                    break;
                }
                if (!flow.isWritable(s)) break;   // writabilityChanged resumes
                ByteBuf chunk = body.readChunk(channel.alloc());
                if (body.isEndOfInput()) {
                    finished = true;
                    close();
                    channel.write(new DefaultLastHttpContent(chunk)).addListener(f -> {
                        if (f.isSuccess()) written.trySuccess();
                        else written.tryFailure(f.cause());
                    });
                } else {
                    channel.write(new DefaultHttpContent(chunk)).addListener(f -> {
                        if (!f.isSuccess()) stop(f.cause());
                    });
                }
            }
        } catch (Exception e) {
            stop(e);
        } finally {
            pumping = false;
        }
        channel.flush();
    }

    /**
     * The exchange ended before the body was all sent (the server answered early, a timeout): stop reading and reset
     * the stream, so the server is not left waiting for the rest.
     */
    void cancel() {
        if (finished) return;
        finished = true;
        close();
        ChannelHandlerContext ctx = channel.pipeline().context(handler);
        Http2Stream s = h2.stream(streamId);
        if (ctx != null && s != null && s.state() != Http2Stream.State.CLOSED) {
            handler.resetStream(ctx, streamId, Http2Error.CANCEL.code(), channel.newPromise());
            channel.flush();
        }
    }

    private void stop(Throwable cause) {
        if (!finished) {
            finished = true;
            close();
        }
        written.tryFailure(cause);
    }

    private void close() {
        try {
            body.close();
        } catch (Exception e) {
            // a file channel that fails to close holds nothing we still need
        }
    }
}
