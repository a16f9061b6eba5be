package dev.stampede.http.client;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

import java.util.concurrent.TimeUnit;

/**
 * Netty's event loops and socket classes: native epoll on Linux when its library loads, NIO otherwise. One per
 * client (or server); {@link #close()} shuts the loops down and waits up to two seconds. Thread-safe.
 */
public final class Transport implements AutoCloseable {
    private final EventLoopGroup group;
    private final boolean epoll;

    private Transport(EventLoopGroup group, boolean epoll) {
        this.group = group;
        this.epoll = epoll;
    }

    /** Event loops with {@code threads} threads (0: Netty's default, twice the cores). */
    public static Transport create(int threads, String threadName) {
        boolean native_ = Epoll.isAvailable();
        IoHandlerFactory factory = native_ ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        java.util.concurrent.ThreadFactory tf = new io.netty.util.concurrent.DefaultThreadFactory(threadName, true);
        return new Transport(new MultiThreadIoEventLoopGroup(threads, tf, factory), native_);
    }

    public EventLoopGroup group() { return group; }

    public Class<? extends SocketChannel> socketChannel() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    public Class<? extends ServerChannel> serverChannel() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** "epoll" or "nio", for the report. */
    public String kind() { return epoll ? "epoll" : "nio"; }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
