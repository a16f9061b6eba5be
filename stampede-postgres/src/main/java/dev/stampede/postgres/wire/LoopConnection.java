package dev.stampede.postgres.wire;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * A {@link WireConnection}'s socket after it was handed to a {@link WireLoop}: non-blocking, registered for reads,
 * sending prebuilt Bind/Execute/Sync messages and decoding their replies as the bytes arrive, so one thread serves
 * the executions of many connections with one {@code epoll_wait} for all of them (as pgbench's threads do with
 * {@code poll}).
 *
 * <p>Executions may be sent before the previous reply is in (a reply still owed to an attempt the engine cut off
 * at a phase's end): the server answers in order, so replies are matched to sends first in, first out. The steady
 * path allocates nothing: a send is one {@code write} from the statement's own buffer (copied only when the socket
 * buffer is full), a reply is one {@code read} into a reused direct buffer.
 *
 * <p>Thread-safety: confined to its loop's thread (every method), as the loop guarantees.
 */
final class LoopConnection {
    private static final int BUFFER = 16 * 1024;

    private final WireConnection connection;
    private final SocketChannel channel;
    private final String address;
    private final SelectionKey key;
    private ByteBuffer in;                 // write mode between reads
    private ByteBuffer out;                // pending bytes (write mode), only when a send did not fit
    private WireReply[] replies = new WireReply[4];
    private Object[] tags = new Object[4];
    private int head, size;                // the ring of sends awaiting their replies
    private int rows;
    private WireException error;
    private boolean closed;

    LoopConnection(WireConnection connection, SelectionKey key, String address) {
        this.connection = connection;
        this.channel = connection.channel();
        this.key = key;
        this.address = address;
        ByteBuffer left = connection.input();
        this.in = ByteBuffer.allocateDirect(Math.max(BUFFER, left.remaining())).put(left);
    }

    WireConnection connection() { return connection; }

    /** Replies still owed. */
    int pending() { return size; }

    /**
     * Sends {@code message} (position 0 to its limit; left as it was found) and queues {@code reply} for its answer.
     * A broken or closed connection answers at once with 08003.
     */
    void send(ByteBuffer message, WireReply reply, Object tag) {
        if (closed || connection.broken()) {
            reply.replied(tag, 0, new WireException("08003", "the connection to " + address + " is closed"));
            return;
        }
        enqueue(reply, tag);
        try {
            message.position(0);
            if (out == null || out.position() == 0) channel.write(message);
            if (message.hasRemaining()) buffer(message);
        } catch (IOException e) {
            broke(e);
        }
    }

    private void buffer(ByteBuffer rest) {
        if (out == null) out = ByteBuffer.allocate(Math.max(BUFFER, rest.remaining()));
        if (out.remaining() < rest.remaining()) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + rest.remaining()));
            out.flip();
            out = bigger.put(out);
        }
        out.put(rest);
        key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
    }

    /** The socket can take more: sends what {@link #send} had to keep. */
    void writable() {
        try {
            out.flip();
            channel.write(out);
            out.compact();
            if (out.position() == 0) key.interestOps(SelectionKey.OP_READ);
        } catch (IOException e) {
            broke(e);
        }
    }

    /** Bytes arrived: reads once and answers every send whose ReadyForQuery is now complete. */
    void readable() {
        try {
            if (channel.read(in) < 0) throw new EOFException("the server closed the connection");
        } catch (IOException e) {
            broke(e);
            return;
        }
        in.flip();
        IOException bad = null;
        parse:
        while (in.remaining() >= 5) {
            int p = in.position();
            int len = in.getInt(p + 1) - 4;
            if (len < 0) {
                bad = new IOException("a message of negative length from " + address);
                break;
            }
            if (in.remaining() < 5 + len) {
                if (5 + len > in.capacity()) grow(5 + len);
                break;
            }
            byte type = in.get();
            in.position(p + 5);
            int end = p + 5 + len;
            switch (type) {
                case 'D' -> rows++;
                case 'E' -> error = Backend.error(in, end);
                case 'Z' -> {
                    in.position(end);
                    if (size == 0) {
                        bad = new IOException("a ReadyForQuery from " + address + " that no execution was waiting for");
                        break parse;
                    }
                    int r = rows;
                    WireException e = error;
                    rows = 0;
                    error = null;
                    answerWith(r, e);   // may send this user's next execution on this connection
                    if (closed) return;
                    continue;
                }
                default -> { }   // BindComplete, CommandComplete, NoticeResponse, ParameterStatus, notifications
            }
            in.position(end);
        }
        in.compact();
        if (bad != null) broke(bad);
    }

    /** Grows the read buffer (read mode) for a message larger than it; its contents are kept. */
    private void grow(int n) {
        ByteBuffer bigger = ByteBuffer.allocateDirect(Math.max(n, in.capacity() * 2));
        bigger.put(in).flip();
        in = bigger;
    }

    /**
     * Breaks the connection: closes the socket and answers every owed send with 08006 (the server's FATAL error
     * when one is in the buffer, such as 57P01 after pg_terminate_backend) with {@code cause}.
     */
    void broke(IOException cause) {
        abort(Backend.broken(cause, error, in.duplicate().flip(), address));
    }

    /** Closes the socket without a Terminate and answers every owed send with {@code why}. */
    void abort(WireException why) {
        connection.markBroken();
        close();
        while (size > 0) answerWith(0, why);
    }

    /** Sends Terminate when nothing is owed and the connection works, then closes. Idempotent. */
    void terminate() {
        if (!closed && !connection.broken() && size == 0 && (out == null || out.position() == 0)) {
            try {
                ByteBuffer t = ByteBuffer.allocate(5);
                Frontend.terminate(t);
                channel.write(t.flip());
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        abort(new WireException("08003", "the connection to " + address + " is closed"));
    }

    private void close() {
        if (closed) return;
        closed = true;
        key.cancel();
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    private void enqueue(WireReply reply, Object tag) {
        if (size == replies.length) {
            WireReply[] r = new WireReply[size * 2];
            Object[] t = new Object[size * 2];
            for (int i = 0; i < size; i++) {
                r[i] = replies[(head + i) % replies.length];
                t[i] = tags[(head + i) % tags.length];
            }
            replies = r;
            tags = t;
            head = 0;
        }
        int at = (head + size) % replies.length;
        replies[at] = reply;
        tags[at] = tag;
        size++;
    }

    private void answerWith(int r, WireException e) {
        WireReply reply = replies[head];
        Object tag = tags[head];
        replies[head] = null;
        tags[head] = null;
        head = (head + 1) % replies.length;
        size--;
        reply.replied(tag, r, e);
    }
}
