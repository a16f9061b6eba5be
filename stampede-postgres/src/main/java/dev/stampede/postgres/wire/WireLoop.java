package dev.stampede.postgres.wire;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * One thread with a {@link Selector} that owns the sockets of some wire sessions ({@link LoopConnection}s): it reads
 * their replies, answers the senders, and runs tasks handed over from other threads. A user whose attempt completes
 * here starts its next attempt here (the engine's asynchronous path continues on the completing thread), so in the
 * steady state a transaction costs one {@code write}, one {@code read} and a share of one {@code epoll_wait}, with
 * no hand-off between threads.
 *
 * <p>Thread-safety: {@link #execute} and {@link #shutdown} from any thread; everything a task or a reply does runs
 * on the loop's thread. A task that throws is reported on standard error and the loop goes on.
 */
final class WireLoop {
    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Consumer<SelectionKey> onReady = this::ready;
    private volatile boolean running = true;

    WireLoop(String name) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for the wire driver", e);
        }
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** True on the loop's own thread. */
    boolean inLoop() { return Thread.currentThread() == thread; }

    /** Runs {@code task} on the loop: at once when called there, else after the current round. */
    void execute(Runnable task) {
        if (inLoop()) {
            task.run();
            return;
        }
        tasks.add(task);
        selector.wakeup();
    }

    /**
     * Takes over {@code connection}'s socket (non-blocking from now on). Call on the loop's thread.
     *
     * @throws IOException when the socket cannot be made non-blocking or registered (it is then closed)
     */
    LoopConnection adopt(WireConnection connection, String address) throws IOException {
        var ch = connection.channel();
        try {
            ch.configureBlocking(false);
            SelectionKey key = ch.register(selector, SelectionKey.OP_READ);
            LoopConnection c = new LoopConnection(connection, key, address);
            key.attach(c);
            return c;
        } catch (IOException | RuntimeException e) {
            connection.abort();
            throw e instanceof IOException io ? io : new IOException(e);
        }
    }

    /** Stops the loop after the tasks queued so far; its connections should be closed by then. */
    void shutdown() {
        execute(() -> running = false);
    }

    /** Waits up to {@code millis} for the loop's thread to end. */
    void join(long millis) throws InterruptedException {
        thread.join(millis);
    }

    private void loop() {
        try {
            while (running) {
                for (Runnable t; (t = tasks.poll()) != null; ) run(t);
                if (!running) break;
                selector.select(onReady);
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("stampede: the wire driver's event loop " + thread.getName() + " failed: " + e);
        } finally {
            for (SelectionKey k : java.util.List.copyOf(selector.keys())) {
                if (k.attachment() instanceof LoopConnection c) {
                    c.abort(new WireException("08006", "the wire driver's event loop ended"));
                }
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }

    private static void run(Runnable t) {
        try {
            t.run();
        } catch (RuntimeException e) {
            System.err.println("stampede: a wire driver task failed: " + e);
        }
    }

    private void ready(SelectionKey key) {
        LoopConnection c = (LoopConnection) key.attachment();
        try {
            if (!key.isValid()) return;
            int ready = key.readyOps();
            if ((ready & SelectionKey.OP_WRITE) != 0) c.writable();
            if ((ready & SelectionKey.OP_READ) != 0 && key.isValid()) c.readable();
        } catch (java.nio.channels.CancelledKeyException e) {
            // closed by a reply handler during this round
        } catch (RuntimeException e) {
            System.err.println("stampede: a wire driver reply handler failed: " + e);
        }
    }
}
