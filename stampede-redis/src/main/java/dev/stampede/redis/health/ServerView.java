package dev.stampede.redis.health;

import dev.stampede.redis.RedisInfo;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stampede's own monitoring connection to Redis: INFO, SLOWLOG and MEMORY USAGE, read-only, counting every command
 * it sends so that the workload's cross-check against total_commands_processed can leave them out. On a Redis
 * Cluster, INFO is asked of every master and summed ({@link RedisInfo#sum}): each master counts only its own slots'
 * commands and keys. SLOWLOG is the seed node's; MEMORY USAGE goes to the key's master. Thread-safe
 * (Lettuce's sync API is; the count is atomic); used by the sampler thread and the session thread.
 */
public final class ServerView implements AutoCloseable {
    private final StatefulConnection<String, String> connection;
    private final RedisClusterCommands<String, String> redis;
    private final AtomicLong sent = new AtomicLong();

    public ServerView(StatefulConnection<String, String> connection, RedisClusterCommands<String, String> redis) {
        this.connection = connection;
        this.redis = redis;
    }

    public RedisClusterCommands<String, String> commands() { return redis; }

    /** INFO's default sections (server, clients, memory, stats, replication, keyspace...); a cluster's summed over its masters. */
    public RedisInfo info() {
        return info(null);
    }

    /** INFO's default sections and INFO commandstats, merged; a cluster's summed over its masters. */
    public RedisInfo infoWithCommands() {
        RedisInfo a = info();
        RedisInfo b = info("commandstats");
        return new RedisInfo(a.fields(), b.commands());
    }

    /** INFO of {@code section} (null: the default sections) from each node that holds keys, summed. */
    private RedisInfo info(String section) {
        List<RedisInfo> nodes = new ArrayList<>();
        for (RedisClusterCommands<String, String> node : masters()) {
            sent.incrementAndGet();
            nodes.add(RedisInfo.parse(section == null ? node.info() : node.info(section)));
        }
        return RedisInfo.sum(nodes);
    }

    /** The connections to the nodes that hold keys: every master of a cluster, or the one server. */
    private List<RedisClusterCommands<String, String>> masters() {
        if (!(connection instanceof StatefulRedisClusterConnection<String, String> cc)) return List.of(redis);
        List<RedisClusterCommands<String, String>> out = new ArrayList<>();
        for (RedisClusterNode n : cc.getPartitions()) {
            if (n.is(RedisClusterNode.NodeFlag.UPSTREAM)) out.add(cc.getConnection(n.getNodeId()).sync());
        }
        return out.isEmpty() ? List.of(redis) : out;
    }

    /** The id the next SLOWLOG entry will get is above this one: the newest entry's id, or -1 when the log is empty. */
    public long newestSlowlogId() {
        sent.incrementAndGet();
        List<Object> entries = redis.slowlogGet(1);
        if (entries.isEmpty()) return -1;
        return ((Number) ((List<?>) entries.get(0)).get(0)).longValue();
    }

    /** One slow log entry: its id, microseconds and the command (arguments cut to 60 characters). */
    public record SlowEntry(long id, long micros, String command) {
    }

    /** The SLOWLOG entries newer than {@code afterId} (at most 128, newest first as Redis keeps them). */
    public List<SlowEntry> slowlogSince(long afterId) {
        sent.incrementAndGet();
        List<SlowEntry> out = new ArrayList<>();
        for (Object o : redis.slowlogGet(128)) {
            List<?> e = (List<?>) o;
            long id = ((Number) e.get(0)).longValue();
            if (id <= afterId) continue;
            long micros = ((Number) e.get(2)).longValue();
            StringBuilder cmd = new StringBuilder();
            for (Object a : (List<?>) e.get(3)) {
                if (!cmd.isEmpty()) cmd.append(' ');
                cmd.append(a);
            }
            String c = cmd.length() > 60 ? cmd.substring(0, 60) + "..." : cmd.toString();
            out.add(new SlowEntry(id, micros, c));
        }
        return out;
    }

    /** MEMORY USAGE of each key (bytes); keys gone since are left out. */
    public Map<String, Long> memoryUsage(List<String> keys) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String k : keys) {
            sent.incrementAndGet();
            Long b = redis.memoryUsage(k);
            if (b != null) out.put(k, b);
        }
        return out;
    }

    /** Commands this connection sent so far. */
    public long sent() { return sent.get(); }

    /** Counts commands sent through {@link #commands()} directly (SCAN while sampling keys). */
    public void countSent(long n) { sent.addAndGet(n); }

    @Override
    public void close() {
        connection.close();
    }
}
