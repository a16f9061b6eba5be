package dev.stampede.migration;

import dev.stampede.redis.KeyCleaner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stampede.redis.KeyCleaner;
import dev.stampede.redis.RedisConnector;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The game state in Redis, under {@code <prefix>mig:}: players and games as hashes (the columns plus {@code v}),
 * sessions and events as JSON string values ({@code {"player_id": ..., "v": 1}}). Increments and version-checked
 * mirror writes are Lua scripts, so each is atomic on the server. A few connections of the run's client shared by all
 * users (Lettuce multiplexes them); thread-safe.
 */
final class RedisGameStore implements GameStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INCREMENT = "if redis.call('EXISTS', KEYS[1]) == 0 then return false end "
            + "for i = 1, #ARGV, 2 do redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1]) end "
            + "redis.call('HINCRBY', KEYS[1], 'v', 1) return redis.call('HGETALL', KEYS[1])";
    private static final String MIRROR_HASH = "local cur = redis.call('HGET', KEYS[1], 'v') "
            + "if cur and tonumber(cur) >= tonumber(ARGV[1]) then return 0 end "
            + "redis.call('HSET', KEYS[1], 'v', ARGV[1], unpack(ARGV, 2)) return 1";
    private static final String MIRROR_JSON = "local cur = redis.call('GET', KEYS[1]) "
            + "if cur and tonumber(cjson.decode(cur)['v']) >= tonumber(ARGV[1]) then return 0 end "
            + "redis.call('SET', KEYS[1], ARGV[2]) return 1";

    private final String base;
    private final List<StatefulConnection<String, String>> connections;
    private final long timeoutMs;

    /**
     * @param prefix the run's key prefix; this store uses {@code prefix + "mig:"} and nothing else
     */
    RedisGameStore(RedisConnector connector, String prefix, int connectionCount) {
        this.base = prefix + "mig:";
        this.connections = connector.connect(Math.max(1, connectionCount));
        this.timeoutMs = connector.timeout().toMillis();
    }

    @Override public String name() { return "redis"; }

    /** Where this store's keys start. */
    String base() { return base; }

    String redisKey(Kind kind, String id) { return base + kind.segment + ":" + id; }

    private StatefulConnection<String, String> any() {
        return connections.get(ThreadLocalRandom.current().nextInt(connections.size()));
    }

    private RedisClusterCommands<String, String> sync() { return RedisConnector.sync(any()); }

    private static RedisClusterAsyncCommands<String, String> async(StatefulConnection<String, String> c) {
        if (c instanceof StatefulRedisConnection<String, String> s) return s.async();
        return ((StatefulRedisClusterConnection<String, String>) c).async();
    }

    /** Removes every key of this store (its own {@code mig:} keys only), before a scenario's data is seeded. */
    long clear() {
        return KeyCleaner.clean(sync(), base);
    }

    @Override
    public void insert(Row row) {
        mirror(new Row(row.kind(), row.id(), row.values(), 1));
    }

    @Override
    public Row increment(Kind kind, String id, Map<String, Long> deltas) {
        String[] args = new String[deltas.size() * 2];
        int i = 0;
        for (Map.Entry<String, Long> e : deltas.entrySet()) {
            args[i++] = e.getKey();
            args[i++] = Long.toString(e.getValue());
        }
        List<Object> flat = sync().eval(INCREMENT, ScriptOutputType.MULTI, new String[]{redisKey(kind, id)}, args);
        if (flat == null || flat.isEmpty()) return null;
        Map<String, String> m = new LinkedHashMap<>();
        for (int j = 0; j + 1 < flat.size(); j += 2) m.put(String.valueOf(flat.get(j)), String.valueOf(flat.get(j + 1)));
        return fromHash(kind, id, m);
    }

    @Override
    public boolean mirror(Row row) {
        Long wrote;
        String key = redisKey(row.kind(), row.id());
        if (row.kind().hash) {
            String[] args = new String[1 + row.values().size() * 2];
            args[0] = Long.toString(row.v());
            int i = 1;
            for (Map.Entry<String, String> e : row.values().entrySet()) {
                args[i++] = e.getKey();
                args[i++] = e.getValue();
            }
            wrote = sync().eval(MIRROR_HASH, ScriptOutputType.INTEGER, new String[]{key}, args);
        } else {
            wrote = sync().eval(MIRROR_JSON, ScriptOutputType.INTEGER, new String[]{key}, Long.toString(row.v()), toJson(row));
        }
        return wrote != null && wrote == 1;
    }

    @Override
    public int mirrorAll(List<Row> rows) {
        int n = 0;
        for (Row r : rows) if (mirror(r)) n++;
        return n;
    }

    @Override
    public Row read(Kind kind, String id) {
        String key = redisKey(kind, id);
        if (kind.hash) {
            Map<String, String> m = sync().hgetall(key);
            return m == null || m.isEmpty() ? null : fromHash(kind, id, m);
        }
        String s = sync().get(key);
        return s == null ? null : fromJson(kind, id, s);
    }

    /** Every key of this store, in SCAN order, in batches of about {@code batch} ({@link KeyCleaner#scan}). */
    void scanKeys(int batch, Consumer<List<String>> sink) {
        KeyCleaner.scan(sync(), base, batch, keys -> {
            sink.accept(keys);
            return true;
        });
    }

    /** Reads the records of {@code keys} (full Redis keys of this store) with one pipelined round trip; absent ones are left out. */
    List<Row> readKeys(List<String> keys) throws Exception {
        StatefulConnection<String, String> c = any();
        RedisClusterAsyncCommands<String, String> a = async(c);
        List<RedisFuture<?>> futures = new ArrayList<>(keys.size());
        List<Kind> kinds = new ArrayList<>(keys.size());
        List<String> ids = new ArrayList<>(keys.size());
        for (String k : keys) {
            String rest = k.substring(base.length());
            int colon = rest.indexOf(':');
            Kind kind = colon < 0 ? null : Kind.bySegment(rest.substring(0, colon));
            if (kind == null) continue;
            kinds.add(kind);
            ids.add(rest.substring(colon + 1));
            futures.add(kind.hash ? a.hgetall(k) : a.get(k));
        }
        List<Row> out = new ArrayList<>(futures.size());
        for (int i = 0; i < futures.size(); i++) {
            Object v = futures.get(i).get(timeoutMs, TimeUnit.MILLISECONDS);
            Kind kind = kinds.get(i);
            if (v instanceof Map<?, ?> m && !m.isEmpty()) {
                @SuppressWarnings("unchecked") Map<String, String> h = (Map<String, String>) m;
                out.add(fromHash(kind, ids.get(i), h));
            } else if (v instanceof String s) {
                out.add(fromJson(kind, ids.get(i), s));
            }
        }
        return out;
    }

    @Override
    public void forEach(Consumer<Row> sink) throws Exception {
        Exception[] failure = {null};
        scanKeys(1000, keys -> {
            if (failure[0] != null) return;
            try {
                readKeys(keys).forEach(sink);
            } catch (Exception e) {
                failure[0] = e;
            }
        });
        if (failure[0] != null) throw failure[0];
    }

    private static Row fromHash(Kind kind, String id, Map<String, String> h) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Kind.Column c : kind.columns) values.put(c.name(), h.get(c.name()));
        String v = h.get("v");
        return new Row(kind, id, values, v == null ? 0 : Long.parseLong(v));
    }

    static String toJson(Row row) {
        ObjectNode o = JSON.createObjectNode();
        for (Kind.Column c : row.kind().columns) {
            String val = row.values().get(c.name());
            if (val == null) {
                o.putNull(c.name());
            } else if (c.type() == Kind.Type.JSON) {
                try {
                    o.set(c.name(), JSON.readTree(val));
                } catch (java.io.IOException e) {
                    o.put(c.name(), val);
                }
            } else {
                o.put(c.name(), val);
            }
        }
        o.put("v", row.v());
        return o.toString();
    }

    private static Row fromJson(Kind kind, String id, String text) {
        try {
            JsonNode n = JSON.readTree(text);
            Map<String, String> values = new LinkedHashMap<>();
            for (Kind.Column c : kind.columns) {
                JsonNode x = n.get(c.name());
                values.put(c.name(), x == null || x.isNull() ? null : c.type() == Kind.Type.JSON ? x.toString() : x.asText());
            }
            return new Row(kind, id, values, n.path("v").asLong());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("key " + Row.key(kind, id) + " does not hold the store's JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        connections.forEach(StatefulConnection::close);
    }
}
