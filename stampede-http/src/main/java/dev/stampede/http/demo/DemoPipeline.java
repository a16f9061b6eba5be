package dev.stampede.http.demo;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.AsciiString;

/**
 * The reference server's pipelines. Over TLS, ALPN picks HTTP/2 ({@code h2}) or HTTP/1.1; in cleartext a connection
 * is HTTP/2 with prior knowledge (it starts with the connection preface), HTTP/1.1 upgraded to h2c ({@code Upgrade:
 * h2c}), or plain HTTP/1.1. HTTP/1.1 gets codec, gzip, the streaming upload endpoints, the aggregator, the game
 * WebSocket and the router; each HTTP/2 stream is a child channel whose frames are turned into the same HTTP objects
 * for the same upload endpoints and router (no WebSocket over HTTP/2). Stateless; one instance serves every channel.
 */
final class DemoPipeline extends ChannelInitializer<SocketChannel> {
    static final int MAX_BODY = 8 * 1024 * 1024;

    private final DemoServer[] self;
    private final GameHub games;
    private final SslContext ssl;

    /** @param ssl TLS with ALPN offering h2 and http/1.1, or null for cleartext */
    DemoPipeline(DemoServer[] self, GameHub games, SslContext ssl) {
        this.self = self;
        this.games = games;
        this.ssl = ssl;
    }

    @Override
    protected void initChannel(SocketChannel c) {
        if (ssl != null) {
            c.pipeline().addLast(ssl.newHandler(c.alloc()), new ApplicationProtocolNegotiationHandler(ApplicationProtocolNames.HTTP_1_1) {
                @Override
                protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
                    if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                        ctx.pipeline().addLast(Http2FrameCodecBuilder.forServer().build(), new Http2MultiplexHandler(streams()));
                    } else {
                        ctx.pipeline().addLast(new HttpServerCodec());
                        http1(ctx.pipeline());
                    }
                }
            });
            return;
        }
        HttpServerCodec source = new HttpServerCodec();
        HttpServerUpgradeHandler upgrade = new HttpServerUpgradeHandler(source, protocol ->
                AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
                        ? new Http2ServerUpgradeCodec(Http2FrameCodecBuilder.forServer().build(), new Http2MultiplexHandler(streams())) : null,
                MAX_BODY);
        c.pipeline().addLast(new CleartextHttp2ServerUpgradeHandler(source, upgrade, new PriorKnowledge()));
        http1(c.pipeline());
    }

    /**
     * Put where the cleartext handler was when a connection starts with the HTTP/2 preface: the frame codec and the
     * stream multiplexer take its place, ahead of the HTTP/1.1 handlers (which then see nothing).
     */
    private final class PriorKnowledge extends io.netty.channel.ChannelHandlerAdapter {
        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            // the multiplexer finds the frame codec when it is added, so the codec goes in first
            ctx.pipeline().addAfter(ctx.name(), "h2-frames", Http2FrameCodecBuilder.forServer().build());
            ctx.pipeline().addAfter("h2-frames", "h2-streams", new Http2MultiplexHandler(streams()));
            ctx.pipeline().remove(this);
            // HTTP/1.1's handlers after it would only see (and could close on) what the multiplexer passes on
            java.util.List<String> names = ctx.pipeline().names();
            for (int i = names.indexOf("h2-streams") + 1; i < names.size(); i++) {
                if (ctx.pipeline().get(names.get(i)) != null && !names.get(i).startsWith("DefaultChannelPipeline$TailContext")) {
                    ctx.pipeline().remove(names.get(i));
                }
            }
        }
    }

    /** What follows HTTP/1.1's codec. */
    private void http1(ChannelPipeline p) {
        p.addLast(new HttpContentCompressor(), new UploadSink(self), new HttpObjectAggregator(MAX_BODY), GameSocket.protocol(),
                new GameSocket(games), new DemoServer.Handler(self));
    }

    /** Each HTTP/2 stream: its frames as HTTP objects, then the same endpoints as HTTP/1.1. */
    private ChannelInitializer<Http2StreamChannel> streams() {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Http2StreamChannel ch) {
                ch.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true), new HttpContentCompressor(), new UploadSink(self),
                        new HttpObjectAggregator(MAX_BODY), new DemoServer.Handler(self));
            }
        };
    }
}
