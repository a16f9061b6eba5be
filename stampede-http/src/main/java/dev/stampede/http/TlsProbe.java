package dev.stampede.http;

import dev.stampede.core.config.ConfigException;
import dev.stampede.core.api.TargetUnreachableException;
import dev.stampede.http.client.ClientSettings;
import dev.stampede.http.client.Origin;
import dev.stampede.http.client.Tls;
import dev.stampede.http.client.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;

/**
 * Before any load on an https base URL: one TLS handshake with the run's trust settings, so an untrusted certificate
 * is one message with the fix (exit 2: set http.ca or http.insecure) rather than a run of failed attempts. Stateless.
 */
final class TlsProbe {
    private TlsProbe() {
    }

    /**
     * @throws ConfigException             the certificate is not trusted, names another host, or the port does not speak TLS
     * @throws TargetUnreachableException  no TCP connection or no handshake answer within the connect timeout
     */
    static void handshake(Origin origin, ClientSettings settings, Transport transport) throws TargetUnreachableException {
        Tls tls = Tls.forClient(settings, Tls.alpnFor(settings.protocol() != ClientSettings.Protocol.HTTP_1_1));
        long ms = settings.connectTimeout().toMillis();
        ChannelFuture f = new Bootstrap().group(transport.group()).channel(transport.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, ms))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(tls.handler(ch.alloc(), origin.host(), origin.port()));
                    }
                }).connect(origin.host(), origin.port());
        Channel ch = f.channel();
        try {
            if (!f.awaitUninterruptibly(ms + 1000) || !f.isSuccess()) {
                throw new TargetUnreachableException("no TCP connection to " + origin.hostHeader() + " for the TLS handshake within " + ms
                        + " ms; check http.base_url (API_BASE_URL)", f.cause());
            }
            Future<Channel> hs = ch.pipeline().get(SslHandler.class).handshakeFuture();
            if (!hs.awaitUninterruptibly(2 * ms + 1000)) {
                throw new TargetUnreachableException("no TLS handshake answer from " + origin.hostHeader() + " within " + (2 * ms)
                        + " ms; check that the server speaks TLS on that port (use http:// if it does not)", null);
            }
            if (!hs.isSuccess()) throw new ConfigException(Tls.explain(hs.cause(), origin.toString(), settings));
            String chosen = ch.pipeline().get(SslHandler.class).applicationProtocol();
            if (settings.protocol() == ClientSettings.Protocol.HTTP_2 && !io.netty.handler.ssl.ApplicationProtocolNames.HTTP_2.equals(chosen)) {
                throw new ConfigException("http.http_version is 2, but " + origin + " did not choose HTTP/2 through ALPN (it chose "
                        + (chosen == null ? "nothing" : chosen) + "); set http.http_version: auto (take what it offers) or 1.1");
            }
        } finally {
            ch.close().awaitUninterruptibly(1000);
        }
    }
}
