package dev.stampede.http.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The reference stack's game server over WebSockets (seed 001's card-game shape, in memory): players connect to
 * {@code /ws/game}, join a game, send moves and receive the game's state broadcasts. Messages are JSON with a
 * {@code type}:
 * <ul>
 * <li>on connect the server sends {@code {"type":"welcome","player":P,"authenticated":B}} (B: the upgrade request carried
 * a bearer token or a {@code session} cookie);</li>
 * <li>{@code {"type":"join","game":G}}: answered {@code joined}; every player of G (the joiner too) gets a {@code state};</li>
 * <li>{@code {"type":"move","card":C}}: answered {@code {"type":"ack","game":G,"seq":S}}; every player of G gets
 * {@code {"type":"state",...,"event":"move","by":P,"card":C}};</li>
 * <li>every second each table with players gets a {@code state} with {@code "event":"tick"} (the turn clock);</li>
 * <li>{@code {"type":"ping"}}: {@code pong}; {@code {"type":"leave"}}: {@code left};</li>
 * <li>{@code {"type":"close","code":N}}: the server closes the WebSocket with code N (a test of close-code handling);</li>
 * <li>anything else: {@code {"type":"error",...}}.</li>
 * </ul>
 * The hub counts what it received and sent itself (frames written successfully), so tests can check a client's
 * counts against the server's. Thread-safe: a player's frames are written on its channel's event loop only, and none
 * after its close frame, so everything counted as sent reaches a client that closes cleanly.
 */
public final class GameHub {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Game> games = new ConcurrentHashMap<>();
    private final LongAdder handshakes = new LongAdder(), framesIn = new LongAdder(), framesOut = new LongAdder(), moves = new LongAdder();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong players = new AtomicLong();
    private final Map<Integer, LongAdder> clientCloseCodes = new ConcurrentHashMap<>();

    /** One game room. Its counters change under its own lock. */
    private static final class Game {
        final String name;
        final Set<Player> players = ConcurrentHashMap.newKeySet();
        long seq, moves;

        Game(String name) { this.name = name; }
    }

    /** One connected player. {@code closing} and {@code game} are touched on its channel's event loop. */
    final class Player {
        final Channel channel;
        final String name;
        final boolean authenticated;
        Game game;
        volatile boolean closing;

        Player(Channel channel, String name, boolean authenticated) {
            this.channel = channel;
            this.name = name;
            this.authenticated = authenticated;
        }

        /** Writes a message on this player's event loop, unless it is closing. */
        void send(String text) {
            if (channel.eventLoop().inEventLoop()) write(text);
            else channel.eventLoop().execute(() -> write(text));
        }

        private void write(String text) {
            if (closing || !channel.isActive()) return;
            channel.writeAndFlush(new TextWebSocketFrame(text)).addListener(f -> {
                if (f.isSuccess()) framesOut.increment();
            });
        }
    }

    /** A handshake completed; sends the welcome. Event loop of {@code ch}. */
    Player connected(Channel ch, String requestedName, boolean authenticated) {
        handshakes.increment();
        open.incrementAndGet();
        String name = requestedName == null || requestedName.isBlank() ? "player-" + players.incrementAndGet() : requestedName;
        Player p = new Player(ch, name, authenticated);
        p.send("{\"type\":\"welcome\",\"player\":" + DemoServer.jsonString(name) + ",\"authenticated\":" + authenticated + "}");
        return p;
    }

    /** A text message from {@code p}. Event loop of its channel. */
    void received(Player p, String text) {
        framesIn.increment();
        JsonNode m;
        try {
            m = JSON.readTree(text);
        } catch (IOException e) {
            m = null;
        }
        String type = m == null || !m.isObject() || !m.has("type") ? null : m.get("type").asText();
        if (type == null) {
            p.send("{\"type\":\"error\",\"error\":\"a message is a JSON object with a type\"}");
            return;
        }
        switch (type) {
            case "join" -> join(p, m.path("game").asText("lobby"));
            case "move" -> move(p, m.path("card").asText(""));
            case "ping" -> p.send("{\"type\":\"pong\"}");
            case "leave" -> {
                leave(p);
                p.send("{\"type\":\"left\"}");
            }
            case "close" -> {
                int code = m.path("code").asInt(4000);
                p.closing = true;
                leave(p);
                p.channel.writeAndFlush(new CloseWebSocketFrame(code, "closed on request"));
            }
            default -> p.send("{\"type\":\"error\",\"error\":" + DemoServer.jsonString("unknown type '" + type + "'") + "}");
        }
    }

    private void join(Player p, String name) {
        leave(p);
        Game g = games.computeIfAbsent(name, Game::new);
        long seq, moveCount;
        int count;
        synchronized (g) {
            g.players.add(p);
            p.game = g;
            seq = ++g.seq;
            moveCount = g.moves;
            count = g.players.size();
        }
        p.send("{\"type\":\"joined\",\"game\":" + DemoServer.jsonString(name) + ",\"players\":" + count + "}");
        broadcast(g, "{\"type\":\"state\",\"game\":" + DemoServer.jsonString(name) + ",\"seq\":" + seq + ",\"players\":" + count + ",\"moves\":"
                + moveCount + ",\"event\":\"join\",\"by\":" + DemoServer.jsonString(p.name) + "}");
    }

    private void move(Player p, String card) {
        Game g = p.game;
        if (g == null) {
            p.send("{\"type\":\"error\",\"error\":\"join a game first\"}");
            return;
        }
        moves.increment();
        long seq, moveCount;
        int count;
        synchronized (g) {
            seq = ++g.seq;
            moveCount = ++g.moves;
            count = g.players.size();
        }
        p.send("{\"type\":\"ack\",\"game\":" + DemoServer.jsonString(g.name) + ",\"seq\":" + seq + "}");
        broadcast(g, "{\"type\":\"state\",\"game\":" + DemoServer.jsonString(g.name) + ",\"seq\":" + seq + ",\"players\":" + count + ",\"moves\":"
                + moveCount + ",\"event\":\"move\",\"by\":" + DemoServer.jsonString(p.name) + ",\"card\":" + DemoServer.jsonString(card) + "}");
    }

    private void broadcast(Game g, String text) {
        for (Player q : g.players) q.send(text);
    }

    /**
     * The tables' clock: every game with players gets a {@code state} broadcast ({@code "event":"tick"}), as a card
     * game's turn timer would send, so a watching player hears from its table even when nobody moves.
     */
    void tick() {
        for (Game g : games.values()) {
            long seq, moveCount;
            int count;
            synchronized (g) {
                count = g.players.size();
                if (count == 0) continue;
                seq = ++g.seq;
                moveCount = g.moves;
            }
            broadcast(g, "{\"type\":\"state\",\"game\":" + DemoServer.jsonString(g.name) + ",\"seq\":" + seq + ",\"players\":" + count
                    + ",\"moves\":" + moveCount + ",\"event\":\"tick\"}");
        }
    }

    /** Takes {@code p} out of its game, if any. */
    void leave(Player p) {
        Game g = p.game;
        if (g == null) return;
        synchronized (g) {
            g.players.remove(p);
            p.game = null;
        }
    }

    /** The client sent a close frame: no more messages to it. Event loop of its channel. */
    void clientClosed(Player p, int code) {
        p.closing = true;
        leave(p);
        clientCloseCodes.computeIfAbsent(code, k -> new LongAdder()).increment();
    }

    /** The channel closed. */
    void disconnected(Player p) {
        p.closing = true;
        leave(p);
        open.decrementAndGet();
    }

    /** Handshakes completed so far. */
    public long handshakes() { return handshakes.sum(); }

    /** WebSockets open now. */
    public int openNow() { return open.get(); }

    /** Text messages received. */
    public long framesIn() { return framesIn.sum(); }

    /** Messages written to clients (welcome, replies, broadcasts). */
    public long framesOut() { return framesOut.sum(); }

    /** Moves processed. */
    public long moves() { return moves.sum(); }

    /** Close codes clients sent, with counts. */
    public Map<Integer, Long> clientCloseCodes() {
        Map<Integer, Long> m = new TreeMap<>();
        clientCloseCodes.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }
}
