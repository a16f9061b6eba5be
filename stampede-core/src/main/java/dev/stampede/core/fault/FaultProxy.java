package dev.stampede.core.fault;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 that Stampede puts between itself and a target, and that injects {@link Fault}s on
 * command: latency with jitter, a bandwidth limit, a blackhole, refused connections, resets, closing after N bytes.
 * One thread runs a selector over every connection, so the proxy costs one thread whatever the number of
 * connections, and passes bytes on the same thread it reads them (no hand-off) when no fault delays them.
 *
 * <p>Thread-safety: {@link #add}, {@link #remove}, {@link #clear}, {@link #stats} and {@link #close} may be called
 * from any thread; they are handed to the proxy's thread, which alone touches sockets. {@link #add} and
 * {@link #remove} return once the proxy's thread has applied the change, so a caller that injects a fault and
 * then starts its measurement knows the fault is in force.
 *
 * <p>Timing: delays are kept with the selector's millisecond timeout, so a latency fault is accurate to about a
 * millisecond; {@link ProxyStats#forwardingNanos()} records, per chunk, the time it spent in the proxy beyond the
 * delay a fault asked for (the proxy's own cost, excluding the kernel's wake-up of this thread).
 */
public final class FaultProxy implements FaultInjector, AutoCloseable {
    private static final int READ_BUFFER = 64 * 1024;
    /** Bytes a direction may hold back (delayed or unwritable) before the proxy stops reading its source. */
    private static final int MAX_QUEUED = 512 * 1024;

    private final String name;
    private final InetSocketAddress upstream;
    private final Selector selector;
    private final int port;
    private final Thread loop;
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final List<Fault> active = new ArrayList<>();
    private final Set<Pipe> pipes = new HashSet<>();
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(READ_BUFFER);
    private final SplittableRandom random = new SplittableRandom(7);
    private final SingleWriterRecorder forwarding = new SingleWriterRecorder(3);
    private final AtomicLong accepted = new AtomicLong(), resets = new AtomicLong(), upstreamFailures = new AtomicLong(),
            closedAfterBytes = new AtomicLong(), bytesUp = new AtomicLong(), bytesDown = new AtomicLong();
    private ServerSocketChannel server;
    private SelectionKey serverKey;
    private FaultEffect fx = FaultEffect.NONE;
    private volatile boolean closed;
    private volatile IOException rebindFailure;

    private FaultProxy(String name, InetSocketAddress upstream) throws IOException {
        this.name = name;
        this.upstream = upstream;
        this.selector = Selector.open();
        this.server = ProxySockets.listen(0);
        this.port = ((InetSocketAddress) server.getLocalAddress()).getPort();
        this.serverKey = server.register(selector, SelectionKey.OP_ACCEPT);
        this.loop = Thread.ofPlatform().daemon().name("stampede-proxy-" + name).start(this::run);
    }

    /**
     * Starts a proxy for {@code upstream} on a free port of 127.0.0.1.
     *
     * @param name a short name for the thread and the report, for example {@code database}
     */
    public static FaultProxy start(String name, InetSocketAddress upstream) throws IOException {
        return new FaultProxy(name, upstream);
    }

    /** Where clients connect: 127.0.0.1 and the proxy's port. */
    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    public String name() { return name; }

    public InetSocketAddress upstream() { return upstream; }

    /** Puts {@code fault} in force; returns once the proxy applies it. */
    @Override
    public void add(Fault fault) throws InterruptedException {
        command(() -> {
            active.add(fault);
            if (fault instanceof Fault.Reset) resetAll();
            if (fault instanceof Fault.CloseAfter) for (Pipe p : pipes) p.down.sinceCloseAfter = 0;
            recompute();
        });
    }

    /** Ends one active fault equal to {@code fault} (no effect when none is active); returns once applied. */
    @Override
    public void remove(Fault fault) throws InterruptedException {
        command(() -> {
            active.remove(fault);
            recompute();
        });
    }

    /** Ends every fault; returns once applied. */
    public void clear() throws InterruptedException {
        command(() -> {
            active.clear();
            recompute();
        });
    }

    /** The faults in force now, as the proxy's thread last saw them. */
    public List<Fault> active() throws InterruptedException {
        List<Fault> out = new ArrayList<>();
        command(() -> out.addAll(active));
        return out;
    }

    /** Counters and the forwarding-time histogram since the last call (the histogram is an interval). */
    public ProxyStats stats() {
        Histogram h = forwarding.getIntervalHistogram();
        return new ProxyStats(accepted.get(), resets.get(), upstreamFailures.get(), closedAfterBytes.get(), bytesUp.get(),
                bytesDown.get(), h);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        selector.wakeup();
        try {
            loop.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void command(Runnable r) throws InterruptedException {
        if (closed) throw new IllegalStateException("the fault proxy " + name + " is closed");
        CountDownLatch done = new CountDownLatch(1);
        commands.add(() -> {
            try {
                r.run();
                // NIO closes a registered channel's socket only when its key is flushed by a selection: flush now, so
                // that a refusal or reset is in force on the wire when the caller is told it is
                selector.selectNow();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } finally {
                done.countDown();
            }
        });
        selector.wakeup();
        if (!done.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the fault proxy " + name + " did not apply a change within 10 s (its thread is stuck)");
        }
    }

    // ---- the proxy's thread -------------------------------------------------------------------------------

    private void run() {
        try {
            while (!closed) {
                long now = System.nanoTime();
                long next = nextRelease(now);
                long waitMs = next == Long.MAX_VALUE ? (server == null && !fx.refuse() ? 50 : 0)
                        : Math.max(1, (next - now + 999_999) / 1_000_000);
                if (next != Long.MAX_VALUE && next <= now) selector.selectNow();
                else selector.select(waitMs);
                Runnable c;
                while ((c = commands.poll()) != null) c.run();
                for (SelectionKey k : selector.selectedKeys()) handle(k);
                selector.selectedKeys().clear();
                if (server == null && !fx.refuse()) relisten();
                flushDue();
                for (Pipe p : pipes.toArray(new Pipe[0])) p.updateInterest();
            }
        } catch (IOException | ClosedSelectorException e) {
            // the selector itself failed: nothing can be proxied any more; connections are closed below
        } finally {
            for (Pipe p : pipes.toArray(new Pipe[0])) p.close(false);
            try {
                if (server != null) server.close();
                selector.close();
            } catch (IOException ignored) {
                // closing at the end
            }
            Runnable c;
            while ((c = commands.poll()) != null) c.run();
        }
    }

    private void handle(SelectionKey k) {
        if (!k.isValid()) return;
        try {
            if (k == serverKey) {
                if (k.isAcceptable()) accept();
                return;
            }
            Pipe p = (Pipe) k.attachment();
            boolean isClient = k.channel() == p.client;
            if (k.isConnectable()) p.finishConnect();
            if (!k.isValid()) return;
            if (k.isWritable()) (isClient ? p.down : p.up).drain(System.nanoTime());
            if (k.isValid() && k.isReadable()) (isClient ? p.up : p.down).read();
        } catch (IOException e) {
            // a peer reset or failed: the other side sees a reset too, as it would without the proxy
            Object a = k.attachment();
            if (a instanceof Pipe p) p.close(true);
        }
    }

    private void accept() throws IOException {
        SocketChannel c;
        while (server != null && (c = server.accept()) != null) {
            accepted.incrementAndGet();
            c.configureBlocking(false);
            c.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (fx.reset()) {
                ProxySockets.rst(c);
                resets.incrementAndGet();
                continue;
            }
            SocketChannel s = SocketChannel.open();
            s.configureBlocking(false);
            s.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Pipe p = new Pipe(c, s);
            pipes.add(p);
            try {
                boolean now = s.connect(upstream);
                p.clientKey = c.register(selector, 0, p);
                p.serverKey = s.register(selector, now ? 0 : SelectionKey.OP_CONNECT, p);
                if (now) p.connected = true;
            } catch (IOException e) {
                upstreamFailures.incrementAndGet();
                p.close(true);
            }
        }
    }

    private void relisten() {
        try {
            server = ProxySockets.listen(port);
            serverKey = server.register(selector, fx.blackhole() ? 0 : SelectionKey.OP_ACCEPT);
            rebindFailure = null;
        } catch (IOException e) {
            server = null;
            rebindFailure = e;
        }
    }

    private void resetAll() {
        for (Pipe p : pipes.toArray(new Pipe[0])) {
            p.close(true);
            resets.incrementAndGet();
        }
    }

    private void recompute() {
        fx = FaultEffect.of(active);
        if (fx.refuse() && server != null) {
            try {
                serverKey.cancel();
                server.close();
            } catch (IOException ignored) {
                // closing a listening socket
            }
            server = null;
            serverKey = null;
        }
        if (serverKey != null && serverKey.isValid()) serverKey.interestOps(fx.blackhole() ? 0 : SelectionKey.OP_ACCEPT);
    }

    private long nextRelease(long now) {
        long next = Long.MAX_VALUE;
        if (fx.blackhole()) return next;
        for (Pipe p : pipes) {
            next = Math.min(next, p.up.nextDue(now));
            next = Math.min(next, p.down.nextDue(now));
        }
        return next;
    }

    private void flushDue() {
        if (fx.blackhole()) return;
        long now = System.nanoTime();
        for (Pipe p : pipes.toArray(new Pipe[0])) {
            try {
                p.up.drain(now);
                p.down.drain(now);
            } catch (IOException e) {
                p.close(false);
            }
        }
    }

    /** One proxied connection: the client's socket, the upstream socket and a flow each way. */
    private final class Pipe {
        final SocketChannel client, server;
        final Flow up, down;
        SelectionKey clientKey, serverKey;
        boolean connected, closedPipe;

        Pipe(SocketChannel client, SocketChannel server) {
            this.client = client;
            this.server = server;
            this.up = new Flow(this, true);
            this.down = new Flow(this, false);
        }

        void finishConnect() throws IOException {
            try {
                if (server.finishConnect()) connected = true;
            } catch (IOException e) {
                upstreamFailures.incrementAndGet();
                close(true);
            }
        }

        void updateInterest() {
            if (closedPipe) return;
            if (clientKey != null && clientKey.isValid()) {
                clientKey.interestOps((up.wantsRead() ? SelectionKey.OP_READ : 0) | (down.wantsWrite() ? SelectionKey.OP_WRITE : 0));
            }
            if (serverKey != null && serverKey.isValid()) {
                int ops = !connected ? SelectionKey.OP_CONNECT
                        : (down.wantsRead() ? SelectionKey.OP_READ : 0) | (up.wantsWrite() ? SelectionKey.OP_WRITE : 0);
                serverKey.interestOps(ops);
            }
        }

        /** Closes both sides; with {@code reset}, with an RST so that each peer sees "connection reset". */
        void close(boolean reset) {
            if (closedPipe) return;
            closedPipe = true;
            pipes.remove(this);
            if (reset) {
                ProxySockets.rst(client);
                ProxySockets.rst(server);
            } else {
                try {
                    client.close();
                } catch (IOException ignored) {
                    // closing
                }
                try {
                    server.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }
    }

    /** Bytes of one direction: read from {@code src}, held as the faults say, written to {@code dst} in order. */
    private final class Flow {
        final Pipe pipe;
        final boolean upstream;
        final ArrayDeque<HeldChunk> queue = new ArrayDeque<>();
        long queued, lastRelease, sinceCloseAfter;
        double tokens;
        long tokensAt = System.nanoTime();
        boolean srcEnded;

        Flow(Pipe pipe, boolean upstream) {
            this.pipe = pipe;
            this.upstream = upstream;
        }

        SocketChannel src() { return upstream ? pipe.client : pipe.server; }

        SocketChannel dst() { return upstream ? pipe.server : pipe.client; }

        long delay() { return upstream ? fx.delayUp() : fx.delayDown(); }

        long jitter() { return upstream ? fx.jitterUp() : fx.jitterDown(); }

        long bps() { return upstream ? fx.bpsUp() : fx.bpsDown(); }

        boolean wantsRead() { return pipe.connected && !fx.blackhole() && !srcEnded && queued < MAX_QUEUED; }

        boolean wantsWrite() {
            if (!pipe.connected || fx.blackhole() || queue.isEmpty()) return false;
            HeldChunk c = queue.peekFirst();
            return c.blocked;
        }

        long nextDue(long now) {
            HeldChunk c = queue.peekFirst();
            if (c == null || c.blocked) return Long.MAX_VALUE;
            if (bps() > 0 && tokens < 1) return now + (long) ((1 - tokens) * 1e9 / bps()) + 1;
            return c.releaseAt;
        }

        void read() throws IOException {
            scratch.clear();
            int n = src().read(scratch);
            if (n < 0) {
                srcEnded = true;
                if (queue.isEmpty()) pipe.close(false);
                return;
            }
            if (n == 0) return;
            long now = System.nanoTime();
            (upstream ? bytesUp : bytesDown).addAndGet(n);
            scratch.flip();
            long d = delay();
            boolean full = false;
            if (d == 0 && queue.isEmpty() && bps() == 0 && fx.closeAfter() < 0) {
                dst().write(scratch);                      // the fast path: no fault on this direction
                if (!scratch.hasRemaining()) {
                    forwarding.recordValue(Math.max(0, System.nanoTime() - now));
                    return;
                }
                full = true;                               // the destination's buffer is full: wait for OP_WRITE
            }
            ByteBuffer copy = ByteBuffer.allocate(scratch.remaining());
            copy.put(scratch).flip();
            long release = now + d;
            long j = jitter();
            if (j > 0) release += random.nextLong(-j, j + 1);
            release = Math.max(release, lastRelease);
            lastRelease = release;
            HeldChunk chunk = new HeldChunk(copy, now, release);
            chunk.blocked = full;
            queue.addLast(chunk);
            queued += copy.remaining();
        }

        void drain(long now) throws IOException {
            if (fx.blackhole() || !pipe.connected || pipe.closedPipe) return;
            long bps = bps();
            if (bps > 0) {
                tokens = Math.min(Math.max(bps / 20.0, 1500), tokens + (now - tokensAt) * bps / 1e9);
                tokensAt = now;
            }
            HeldChunk c;
            while ((c = queue.peekFirst()) != null && c.releaseAt <= now) {
                ByteBuffer b = c.buf;
                int limit = b.limit();
                if (bps > 0) {
                    if (tokens < 1) return;
                    b.limit(b.position() + (int) Math.min(b.remaining(), (long) tokens));
                }
                boolean budget = !upstream && fx.closeAfter() >= 0;
                if (budget) b.limit(b.position() + (int) Math.min(b.remaining(), Math.max(0, fx.closeAfter() - sinceCloseAfter)));
                int before = b.position();
                c.blocked = false;
                dst().write(b);
                int wrote = b.position() - before;
                b.limit(limit);
                if (bps > 0) tokens -= wrote;
                queued -= wrote;
                if (budget) {
                    sinceCloseAfter += wrote;
                    if (sinceCloseAfter >= fx.closeAfter()) {
                        closedAfterBytes.incrementAndGet();
                        pipe.close(false);
                        return;
                    }
                }
                if (b.hasRemaining()) {
                    // a full socket waits for OP_WRITE; a spent token bucket waits for time (nextDue)
                    c.blocked = bps == 0 || tokens >= 1;
                    return;
                }
                queue.removeFirst();
                forwarding.recordValue(Math.max(0, System.nanoTime() - Math.max(c.readAt, c.releaseAt)));
            }
            if (queue.isEmpty() && srcEnded) pipe.close(false);
        }
    }

    /** Why re-listening after a refusal failed, or null (another process took the port meanwhile). */
    public IOException rebindFailure() { return rebindFailure; }
}
