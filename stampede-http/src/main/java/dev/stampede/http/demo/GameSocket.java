package dev.stampede.http.demo;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

import java.util.List;

/**
 * One connection's end of the game WebSocket on the reference server: placed after Netty's
 * {@link WebSocketServerProtocolHandler} (which answers the upgrade on {@link #PATH}, pings, and leaves close frames to
 * us), it turns frames into {@link GameHub} calls. Requests on other paths pass through untouched to the HTTP routes.
 * One instance per channel; event loop only.
 */
final class GameSocket extends SimpleChannelInboundHandler<WebSocketFrame> {
    static final String PATH = "/ws/game";

    private final GameHub hub;
    private GameHub.Player player;

    GameSocket(GameHub hub) {
        super(false);
        this.hub = hub;
    }

    /** The protocol handler for {@link #PATH} (and {@code PATH?query}). */
    static WebSocketServerProtocolHandler protocol() {
        return new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder().websocketPath(PATH).checkStartsWith(true)
                .handleCloseFrames(false).maxFramePayloadLength(64 * 1024).build());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete hc) {
            List<String> names = new QueryStringDecoder(hc.requestUri()).parameters().get("player");
            String auth = hc.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
            String cookie = hc.requestHeaders().get(HttpHeaderNames.COOKIE);
            boolean authenticated = (auth != null && auth.startsWith("Bearer ") && auth.length() > 7)
                    || (cookie != null && cookie.contains("session="));
            player = hub.connected(ctx.channel(), names == null || names.isEmpty() ? null : names.get(0), authenticated);
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        try {
            if (player == null) return;
            if (frame instanceof TextWebSocketFrame t) {
                hub.received(player, t.text());
            } else if (frame instanceof CloseWebSocketFrame c) {
                int code = c.statusCode() < 0 ? 1005 : c.statusCode();
                hub.clientClosed(player, code);
                ctx.writeAndFlush(new CloseWebSocketFrame(code == 1005 ? 1000 : code, "")).addListener(ChannelFutureListener.CLOSE);
            }
        } finally {
            frame.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (player != null) hub.disconnected(player);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
