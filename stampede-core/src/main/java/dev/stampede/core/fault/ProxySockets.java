package dev.stampede.core.fault;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** The {@link FaultProxy}'s socket chores: a listening socket on 127.0.0.1, and closing with an RST. Stateless. */
final class ProxySockets {
    private ProxySockets() {
    }

    /** A non-blocking listener on 127.0.0.1:{@code port} (0: a free port), reusable at once after a refusal. */
    static ServerSocketChannel listen(int port) throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open();
        s.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
        s.configureBlocking(false);
        return s;
    }

    /** Closes {@code c} with SO_LINGER 0, so that its peer sees a reset rather than an orderly end. */
    static void rst(SocketChannel c) {
        try {
            c.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException ignored) {
            // the socket is already gone: close below is enough
        }
        try {
            c.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
