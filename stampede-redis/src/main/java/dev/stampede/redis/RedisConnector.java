package dev.stampede.redis;

import dev.stampede.core.config.ConfigException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Lettuce client for the run (its event loops are shared by every connection) and the connections it opens:
 * standalone and Sentinel through {@link RedisClient}, Redis Cluster through {@link RedisClusterClient}. Thread-safe
 * (Lettuce's clients and connections are); {@link #close()} from the session thread.
 *
 * <p>Reconnects back off exponentially from 1 ms but never wait more than {@link #RECONNECT_DELAY_MAX} between
 * tries. Lettuce's own default lets the wait grow to 30 s, so after a fault of a few seconds the client could sit
 * idle for seconds more: the report would charge the client's backoff to the server's recovery.
 */
public final class RedisConnector implements AutoCloseable {
    /** The longest wait between two reconnect tries. */
    public static final Duration RECONNECT_DELAY_MAX = Duration.ofMillis(500);

    private final RedisUrl url;
    private final ClientResources resources;
    private final RedisClient client;
    private final RedisClusterClient clusterClient;
    private final Duration timeout;

    private RedisConnector(RedisUrl url, ClientResources resources, RedisClient client, RedisClusterClient clusterClient,
                           Duration timeout) {
        this.url = url;
        this.resources = resources;
        this.client = client;
        this.clusterClient = clusterClient;
        this.timeout = timeout;
    }

    /** A client for {@code url}; opens nothing yet. */
    public static RedisConnector create(RedisUrl url, boolean cluster, Duration timeout) {
        url.uri().setTimeout(timeout);
        SocketOptions socket = SocketOptions.builder().connectTimeout(Duration.ofSeconds(5)).build();
        // no per-command expiry timer: it schedules a task for every command (measured: a large share of the client's
        // time at pipelining 16); workload attempts bound their own wait, and the sync API uses the URI's timeout
        TimeoutOptions t = TimeoutOptions.builder().timeoutCommands(false).build();
        ClientResources resources = ClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(1), RECONNECT_DELAY_MAX, 2, TimeUnit.MILLISECONDS))
                .build();
        if (cluster) {
            RedisClusterClient c = RedisClusterClient.create(resources, url.uri());
            c.setOptions(ClusterClientOptions.builder().socketOptions(socket).timeoutOptions(t).autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
            return new RedisConnector(url, resources, null, c, timeout);
        }
        RedisClient c = RedisClient.create(resources, url.uri());
        c.setOptions(ClientOptions.builder().socketOptions(socket).timeoutOptions(t).autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
        return new RedisConnector(url, resources, c, null, timeout);
    }

    public RedisUrl url() { return url; }

    public boolean cluster() { return clusterClient != null; }

    public Duration timeout() { return timeout; }

    /** One new connection (authenticated, its database selected). Lettuce's exceptions pass through. */
    public StatefulConnection<String, String> connect() {
        return clusterClient != null ? clusterClient.connect(StringCodec.UTF8) : client.connect(StringCodec.UTF8);
    }

    /** {@code n} new connections; on a failure the ones already open are closed. */
    public List<StatefulConnection<String, String>> connect(int n) {
        List<StatefulConnection<String, String>> out = new ArrayList<>(n);
        try {
            for (int i = 0; i < n; i++) out.add(connect());
        } catch (RuntimeException e) {
            out.forEach(StatefulConnection::close);
            throw e;
        }
        return out;
    }

    /** Synchronous commands on {@code c}, whichever topology it belongs to. */
    @SuppressWarnings("unchecked")
    public static RedisClusterCommands<String, String> sync(StatefulConnection<String, String> c) {
        if (c instanceof StatefulRedisClusterConnection<?, ?> cc) return ((StatefulRedisClusterConnection<String, String>) cc).sync();
        if (c instanceof StatefulRedisConnection<?, ?> sc) return ((StatefulRedisConnection<String, String>) sc).sync();
        throw new ConfigException("unexpected Lettuce connection type " + c.getClass().getName());
    }

    @Override
    public void close() {
        Duration quiet = Duration.ZERO, max = Duration.ofSeconds(2);
        if (client != null) client.shutdown(quiet, max);
        if (clusterClient != null) clusterClient.shutdown(quiet, max);
        // resources passed in are the caller's to shut down: the clients leave them running
        resources.shutdown(quiet.toMillis(), max.toMillis(), TimeUnit.MILLISECONDS);
    }
}
