package dev.stampede.http.client;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2RemoteFlowController;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.handler.codec.http2.HttpToHttp2ConnectionHandler;
import io.netty.handler.codec.http2.HttpToHttp2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.InboundHttp2ToHttpAdapterBuilder;

/**
 * HTTP/2 for the client's {@link Connection}, which stays an HTTP/1.1-shaped exchange (one request at a time, the
 * aggregated response): Netty's {@link HttpToHttp2ConnectionHandler} turns each request into a new stream and the
 * {@code InboundHttp2ToHttpAdapter} turns the stream's frames back into one full response. Two ways in: after a
 * TLS handshake whose ALPN chose {@code h2}, or cleartext with prior knowledge (h2c: the connection preface at once).
 * (The client's h2c upgrade from HTTP/1.1 is not in this build; the reference server accepts one.) Stateless;
 * pipeline edits run on the channel's event loop.
 */
final class Http2Pipeline {
    /** The name of the HTTP codec in the client pipeline (HTTP/1.1's, or the HTTP/2 handler that replaces it). */
    static final String CODEC = "codec";

    private Http2Pipeline() {
    }

    /**
     * An HTTP/2 connection handler for a client that keeps responses up to {@code maxBodyBytes}; {@code writability}
     * hears when a stream's flow-control window opens again (set once, before any stream: the flow controller keeps
     * its pending-byte count in the monitor a listener replaces).
     */
    static HttpToHttp2ConnectionHandler handler(int maxBodyBytes, Http2RemoteFlowController.Listener writability) {
        Http2Connection conn = new DefaultHttp2Connection(false);
        HttpToHttp2ConnectionHandler h = new HttpToHttp2ConnectionHandlerBuilder().connection(conn)
                .frameListener(new InboundHttp2ToHttpAdapterBuilder(conn).maxContentLength(maxBodyBytes).propagateSettings(false).build())
                .build();
        conn.remote().flowController().listener(writability);
        return h;
    }

    /** Replaces HTTP/1.1's codec with HTTP/2 (ALPN chose h2, or prior knowledge). */
    static void replaceCodec(ChannelPipeline p, int maxBodyBytes, Http2RemoteFlowController.Listener writability) {
        p.replace(CODEC, CODEC, handler(maxBodyBytes, writability));
    }

    /** Drops the adapter's extension headers (x-http2-*), which no server sent. */
    static void stripExtensions(io.netty.handler.codec.http.HttpHeaders h) {
        for (HttpConversionUtil.ExtensionHeaderNames n : HttpConversionUtil.ExtensionHeaderNames.values()) h.remove(n.text());
    }
}
