package dev.stampede.http.ws;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.util.concurrent.ScheduledFuture;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One client WebSocket (RFC 6455 over HTTP/1.1 upgrade) and the handler at the end of its pipeline: the handshake
 * (a status other than 101 is a {@link WsFailure#HANDSHAKE} naming the status), then text and binary messages, pings
 * answered with pongs, and the close handshake in both directions. A step waits for at most one thing at a time: a
 * message matching a {@link WsExpectation} (from the {@link WsInbox} or new), or the server's answer to its close.
 * Every method runs on the channel's event loop (the virtual user's lane); not thread-safe.
 */
public final class WsConnection extends SimpleChannelInboundHandler<Object> {
    static final int INBOX = 64;

    private final WsClient client;
    private final WebSocketClientHandshaker handshaker;
    private final String target;
    private final WsInbox inbox = new WsInbox(INBOX);
    private Channel channel;
    private WsOpen connecting;
    private ScheduledFuture<?> connectTimer;
    private Waiter waiter;
    private Closing closing;
    private boolean open;
    private boolean closeSent;
    private int closeCode = -1;
    private String closeReason = "";
    private WsFailure problem;
    private String problemText;

    WsConnection(WsClient client, WebSocketClientHandshaker handshaker, String target, WsOpen connecting) {
        this.client = client;
        this.handshaker = handshaker;
        this.target = target;
        this.connecting = connecting;
    }

    /** A step waiting for a message. */
    private record Waiter(WsExpectation expectation, WsCallback callback, int[] skipped, long timeoutMs, ScheduledFuture<?> timer) {
    }

    /** Our close frame is out; waiting for the server's. {@code callback} null: a user leaving, no step waits. */
    private record Closing(int code, WsCallback callback, ScheduledFuture<?> timer) {
    }

    /** The path (and query) this WebSocket was opened on, for messages. */
    public String target() { return target; }

    public Channel channel() { return channel; }

    /** True while messages can be sent: handshake done, no close frame either way, channel active. */
    public boolean isOpen() {
        return open && !closeSent && closeCode < 0 && channel.isActive();
    }

    /** Why {@link #isOpen()} is false, for a step's failure message. */
    public String whyNotOpen() {
        if (closeCode >= 0) return "the server closed the WebSocket on " + target + " with code " + closeCode + reasonSuffix();
        if (closeSent) return "this user closed the WebSocket on " + target;
        if (problemText != null) return "the WebSocket on " + target + " failed: " + problemText;
        return "the WebSocket on " + target + " is closed";
    }

    private String reasonSuffix() {
        return closeReason == null || closeReason.isEmpty() ? "" : " ('" + WsExpectation.clip(closeReason) + "')";
    }

    // ---- called by WsClient while connecting

    void connectTimer(ScheduledFuture<?> timer) { this.connectTimer = timer; }

    /** The TCP connect failed. */
    void connectFailed(WsFailure kind, String message) {
        WsOpen c = connecting;
        connecting = null;
        if (connectTimer != null) connectTimer.cancel(false);
        if (c != null) c.failed(kind, message);
    }

    /** The step's timeout passed before the handshake completed. */
    void connectTimedOut(long ms) {
        WsOpen c = connecting;
        if (c == null) return;
        connecting = null;
        client.events().handshakeFailed();
        if (channel != null) channel.close();
        c.failed(WsFailure.HANDSHAKE, "no WebSocket handshake answer from " + client.origin().hostHeader() + target + " within " + ms + " ms");
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        channel = ctx.channel();
        handshaker.handshake(channel).addListener(f -> {
            if (!f.isSuccess()) failHandshake("could not send the upgrade request: " + WsClient.describe(f.cause()));
        });
        super.channelActive(ctx);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    private void failHandshake(String message) {
        WsOpen c = connecting;
        connecting = null;
        if (connectTimer != null) connectTimer.cancel(false);
        if (c == null) return;
        client.events().handshakeFailed();
        channel.close();
        c.failed(WsFailure.HANDSHAKE, message);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
        if (!handshaker.isHandshakeComplete()) {
            if (!(msg instanceof FullHttpResponse r)) return;
            if (r.status().code() != 101) {
                String body = r.content().toString(StandardCharsets.UTF_8).strip();
                failHandshake("the server answered the WebSocket handshake for " + target + " with status " + r.status()
                        + " instead of 101 Switching Protocols" + (body.isEmpty() ? "" : " ('" + WsExpectation.clip(body) + "')")
                        + "; check the step's connect path and the headers or token it needs");
                return;
            }
            try {
                handshaker.finishHandshake(ctx.channel(), r);
            } catch (WebSocketHandshakeException e) {
                failHandshake("bad WebSocket handshake answer for " + target + ": " + e.getMessage());
                return;
            }
            ctx.pipeline().addBefore(ctx.name(), "ws-aggregate", new WebSocketFrameAggregator(client.maxMessageBytes()));
            open = true;
            client.events().opened();
            WsOpen c = connecting;
            connecting = null;
            if (connectTimer != null) connectTimer.cancel(false);
            if (c != null) c.opened(this);
            return;
        }
        if (msg instanceof TextWebSocketFrame t) {
            client.events().messageIn(t.content().readableBytes());
            message(t.text());
        } else if (msg instanceof BinaryWebSocketFrame b) {
            client.events().messageIn(b.content().readableBytes());
            message(b.content().toString(StandardCharsets.UTF_8));
        } else if (msg instanceof PingWebSocketFrame p) {
            ctx.writeAndFlush(new PongWebSocketFrame(p.content().retain()));
        } else if (msg instanceof CloseWebSocketFrame c) {
            serverClosed(c.statusCode() < 0 ? 1005 : c.statusCode(), c.reasonText());
        } else if (!(msg instanceof PongWebSocketFrame)) {
            problem(WsFailure.PROTOCOL, "unexpected " + msg.getClass().getSimpleName() + " after the handshake");
            ctx.close();
        }
    }

    private void message(String text) {
        Waiter w = waiter;
        if (w == null) {
            inbox.offer(text);
            return;
        }
        WsExpectation.Match m = w.expectation.match(text);
        if (m == null) {
            w.skipped[0]++;
            return;
        }
        waiter = null;
        w.timer.cancel(false);
        w.callback.ok(m, w.skipped[0]);
    }

    private void serverClosed(int code, String reason) {
        closeCode = code;
        closeReason = reason;
        client.events().closeCode(code);
        Closing c = closing;
        if (c != null) {
            closing = null;
            c.timer.cancel(false);
            channel.close();
            if (c.callback != null) {
                if (code == c.code || code == 1000 || code == 1005) c.callback.ok(null, 0);
                else c.callback.failed(WsFailure.CLOSED, "the server answered the close (" + c.code + ") of " + target + " with code " + code
                        + reasonSuffix());
            }
            return;
        }
        // the server closes first: echo its code, as RFC 6455 asks, then drop the connection
        channel.writeAndFlush(new CloseWebSocketFrame(code == 1005 ? 1000 : code, "")).addListener(f -> channel.close());
        failWaiter(WsFailure.CLOSED, "the server closed the WebSocket on " + target + " with code " + code + reasonSuffix());
    }

    private void failWaiter(WsFailure kind, String message) {
        Waiter w = waiter;
        if (w == null) return;
        waiter = null;
        w.timer.cancel(false);
        w.callback.failed(kind, message + " while the step waited for " + w.expectation.describe()
                + (w.skipped[0] == 0 ? "" : " (" + w.skipped[0] + " other messages seen)"));
    }

    private void problem(WsFailure kind, String text) {
        if (problem == null) {
            problem = kind;
            problemText = text;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException || cause instanceof TooLongFrameException) {
            problem(WsFailure.PROTOCOL, "bad frame from the server: " + WsClient.describe(cause));
        } else {
            problem(WsFailure.CLOSED, WsClient.describe(cause));
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        client.forget(ctx.channel());
        if (open) {
            open = false;
            client.events().closed();
        }
        if (connecting != null) {
            failHandshake("the connection closed during the WebSocket handshake for " + target + (problemText == null ? "" : ": " + problemText));
        }
        String why = problemText != null ? problemText : closeCode >= 0 ? "closed with code " + closeCode
                : "the connection dropped without a close frame (1006)";
        WsFailure kind = problem != null ? problem : WsFailure.CLOSED;
        failWaiter(kind, "the WebSocket on " + target + ": " + why);
        Closing c = closing;
        if (c != null) {
            closing = null;
            c.timer.cancel(false);
            if (closeCode < 0) client.events().closeCode(1006);
            if (c.callback != null) {
                c.callback.failed(kind, "the WebSocket on " + target + " dropped before the server answered the close (1006)"
                        + (problemText == null ? "" : ": " + problemText));
            }
        }
        super.channelInactive(ctx);
    }

    // ---- steps (event loop only)

    /**
     * Sends a text message. With an expectation, the inbox is cleared first and the step ends at the first later
     * message that matches (or at the timeout); without, it ends when the frame is written.
     */
    public void send(String text, WsExpectation expect, long timeoutMs, WsCallback callback) {
        if (!isOpen()) {
            callback.failed(WsFailure.NOT_OPEN, "cannot send: " + whyNotOpen());
            return;
        }
        if (expect != null) {
            inbox.clear();
            await(expect, new int[1], timeoutMs, callback);
        }
        TextWebSocketFrame frame = new TextWebSocketFrame(text);
        long bytes = frame.content().readableBytes();
        channel.writeAndFlush(frame).addListener(f -> {
            if (f.isSuccess()) {
                client.events().messageOut(bytes);
                if (expect == null) callback.ok(null, 0);
            } else if (expect == null) {
                callback.failed(WsFailure.CLOSED, "could not send on the WebSocket " + target + ": " + WsClient.describe(f.cause()));
            } else {
                failWaiter(WsFailure.CLOSED, "could not send on the WebSocket " + target + ": " + WsClient.describe(f.cause()));
            }
        });
    }

    /** Waits for a message matching {@code expect}: the oldest buffered match first, else the next one to arrive. */
    public void expect(WsExpectation expect, long timeoutMs, WsCallback callback) {
        int[] skipped = new int[1];
        WsExpectation.Match m = inbox.take(expect, skipped);
        if (m != null) {
            callback.ok(m, skipped[0]);
            return;
        }
        if (!isOpen()) {
            callback.failed(closeCode >= 0 ? WsFailure.CLOSED : WsFailure.NOT_OPEN, "did not get " + expect.describe() + ": " + whyNotOpen());
            return;
        }
        await(expect, skipped, timeoutMs, callback);
    }

    private void await(WsExpectation expect, int[] skipped, long timeoutMs, WsCallback callback) {
        Waiter[] self = new Waiter[1];
        ScheduledFuture<?> timer = channel.eventLoop().schedule(() -> {
            if (waiter != self[0]) return;
            waiter = null;
            callback.failed(WsFailure.TIMEOUT, "did not get " + expect.describe() + " on " + target + " within " + timeoutMs + " ms"
                    + (skipped[0] == 0 ? "" : " (" + skipped[0] + " other messages seen)"));
        }, timeoutMs, TimeUnit.MILLISECONDS);
        self[0] = new Waiter(expect, callback, skipped, timeoutMs, timer);
        waiter = self[0];
    }

    /**
     * Sends a close frame with {@code code} and ends the step when the server answers with its own (its code must be
     * {@code code}, 1000 or none), or fails it at the timeout or a drop.
     */
    public void close(int code, long timeoutMs, WsCallback callback) {
        if (!isOpen()) {
            callback.failed(closeCode >= 0 ? WsFailure.CLOSED : WsFailure.NOT_OPEN, "cannot close: " + whyNotOpen());
            return;
        }
        startClose(code, timeoutMs, callback);
    }

    private void startClose(int code, long timeoutMs, WsCallback callback) {
        closeSent = true;
        inbox.clear();
        Closing[] self = new Closing[1];
        ScheduledFuture<?> timer = channel.eventLoop().schedule(() -> {
            if (closing != self[0]) return;
            closing = null;
            channel.close();
            if (callback != null) callback.failed(WsFailure.TIMEOUT, "the server did not answer the close of " + target + " within " + timeoutMs + " ms");
        }, timeoutMs, TimeUnit.MILLISECONDS);
        self[0] = new Closing(code, callback, timer);
        closing = self[0];
        channel.writeAndFlush(new CloseWebSocketFrame(code, ""));
    }

    /**
     * A user leaving (the end of a phase): a close frame with 1001 (going away) when the WebSocket is open, so the
     * server's messages written before its answer still arrive and are counted; the connection is dropped after
     * {@code timeoutMs} if the server does not answer.
     */
    public void goAway(long timeoutMs) {
        if (isOpen()) startClose(1001, timeoutMs, null);
        else if (closing == null) channel.close();
    }

    /** Bytes of a message as UTF-8 (what a text frame carries). */
    static long utf8Length(String s) {
        return ByteBufUtil.utf8Bytes(s);
    }
}
