package dev.stampede.postgres;

import javax.net.SocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;

/**
 * pgjdbc's {@code socketFactory} for the workload's connections: sockets whose untimed reads are one blocking
 * {@code read} system call.
 *
 * <p>Why: the JDK's default socket ({@code NioSocketImpl}) switches its file descriptor to non-blocking mode for
 * good the first time it is used with a timeout, and a connect with a timeout (pgjdbc's {@code connectTimeout}) or
 * HikariCP's validation read under a network timeout is such a use. From then on every read that finds no reply yet
 * is a failed {@code read} (EAGAIN), a {@code poll} and a second {@code read}: three system calls and a wait in
 * {@code poll} where one blocking read would do. Measured with {@code strace -c -f} on the select-only workload:
 * one {@code poll} for every three transactions under strace (and more without it, since a faster client asks
 * before the reply is there). A socket channel's socket ({@link SocketChannel#socket()}) puts the descriptor back
 * into blocking mode after every timed connect or read, so the workload's untimed reads stay single blocking calls;
 * timeouts still work where they are set (connect, HikariCP's validation), at the price of two {@code fcntl}
 * calls for each timed read.
 *
 * <p>Used only when the workload's reads are untimed ({@code database.socket_timeout} zero, the default); with a
 * socket timeout every read is timed and the JDK's default socket is the cheaper one. One difference from the
 * default socket: a thread interrupted while it is blocked on a channel closes the connection (the channel is
 * interruptible); the engine interrupts only attempts it is cutting off, whose connection the pool evicts anyway.
 * Thread-safe and stateless; pgjdbc instantiates it by class name with the no-argument constructor.
 */
public final class BlockingSocketFactory extends SocketFactory {
    public BlockingSocketFactory() {
    }

    /** An unconnected socket (pgjdbc connects it itself, with its connect timeout). */
    @Override
    public Socket createSocket() throws IOException {
        return SocketChannel.open().socket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return bound(new InetSocketAddress(localHost, localPort), new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return bound(new InetSocketAddress(localAddress, localPort), new InetSocketAddress(address, port));
    }

    /** A blocking socket bound to {@code local} and connected to {@code remote}. */
    private Socket bound(InetSocketAddress local, InetSocketAddress remote) throws IOException {
        Socket s = createSocket();
        s.bind(local);
        s.connect(remote);
        return s;
    }

    private Socket connected(InetSocketAddress to) throws IOException {
        Socket s = createSocket();
        try {
            s.connect(to);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }
}
