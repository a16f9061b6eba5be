package dev.stampede.redis.workload;

import dev.stampede.core.api.Operation;
import dev.stampede.core.api.OperationContext;
import dev.stampede.core.api.Outcome;
import dev.stampede.core.api.Workload;
import dev.stampede.core.util.Secrets;
import dev.stampede.redis.RedisConfig;
import dev.stampede.redis.RedisErrors;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.RedisCommand;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@code cache-aside} workload over a PostgreSQL workload's data ({@link CacheSource}: the game's players or
 * the financial users' summaries). A read GETs {@code prefix + family + id}; a hit is recorded as {@code cache_hit}; a miss (recorded as {@code cache_miss},
 * the whole miss path) runs the real {@code SELECT} on PostgreSQL and SETs the row with the cache TTL. A write
 * ({@code cache_write}) updates the player in PostgreSQL (autocommit), then either UNLINKs the entry (invalidate) or
 * SETs the new row (write-through). Within a miss, the database time and the SET time are also kept apart (the
 * miss-path breakdown of the Redis section).
 *
 * <p>Stale reads: every write raises the entity's counter (the player's {@code wins}, the user's submissions), and
 * the workload remembers the highest committed value per entity. A hit whose cached counter is below what had been committed before the GET was sent
 * returned a value older than the last committed write, and is counted as stale (the classic invalidate race: a
 * reader's SET of an old row landing after the writer's UNLINK).
 *
 * <p>Thread-safety: shared by every virtual user; counters are atomic.
 */
public final class CacheAsideWorkload implements Workload {
    public static final String HIT = "cache_hit";
    public static final String MISS = "cache_miss";
    public static final String WRITE = "cache_write";
    static final int HIT_INDEX = 0, MISS_INDEX = 1, WRITE_INDEX = 2;

    private final List<Operation> operations = List.of(new Read(HIT), new Read(MISS), new Write());
    private final Connections connections;
    private final DataSource db;
    private final CacheSource source;
    private final String schema;
    private final String readSql;
    private final String writeSql;
    private final KeyChooser keys;
    private final String keyPrefix;
    private final long ttlSeconds;
    private final double readFraction;
    private final RedisConfig.WriteMode mode;
    private final Duration timeout;
    private final CommandCounter counter;
    private final AtomicIntegerArray committed;
    private final LongAdder staleReads = new LongAdder();
    private final LongAdder checkedHits = new LongAdder();
    private final Histogram missDbMicros = new ConcurrentHistogram(60_000_000L, 2);
    private final Histogram missSetMicros = new ConcurrentHistogram(60_000_000L, 2);
    private final Map<Integer, LongAdder> sampledKeys = new ConcurrentHashMap<>();
    private final LongAdder sampledAccesses = new LongAdder();
    private volatile boolean recording;

    /**
     * @param source  whose data is cached
     * @param schema  the PostgreSQL schema holding the source's tables (a safe identifier)
     * @param players how many entities the data has (ids 1..N)
     */
    public CacheAsideWorkload(RedisConfig c, Connections connections, DataSource db, CacheSource source, String schema, int players,
                              double readFraction, CommandCounter counter) {
        this.connections = connections;
        this.db = db;
        this.source = source;
        this.schema = "\"" + schema + "\"";
        this.readSql = source.read(this.schema);
        this.writeSql = source.write(this.schema);
        this.keys = KeyChooser.of(players, c);
        this.keyPrefix = cachePrefix(c.keyPrefix(), source);
        this.ttlSeconds = Math.max(1, c.cacheTimeout().toSeconds());
        this.readFraction = readFraction;
        this.mode = c.writeMode();
        this.timeout = c.timeout();
        this.counter = counter;
        this.committed = new AtomicIntegerArray(players + 1);
    }

    /** The key prefix of the cache entries of {@code source}, under the run's prefix. */
    public static String cachePrefix(String prefix, CacheSource source) { return prefix + source.family(); }

    @Override public String name() { return "cache-aside"; }

    @Override public List<Operation> operations() { return operations; }

    /** Reads are picked as {@code cache_hit} and recorded as {@code cache_miss} when they miss; never picks the miss. */
    @Override
    public int pick(SplittableRandom random) {
        return random.nextDouble() < readFraction ? HIT_INDEX : WRITE_INDEX;
    }

    public String describe(RedisConfig c) {
        return String.format(Locale.ROOT, "cache-aside over %s (%.0f%% reads; %s; TTL %d s; writes %s; %s start; %d connections)",
                source.label(), readFraction * 100, keys.describe(c), ttlSeconds, mode == RedisConfig.WriteMode.INVALIDATE ? "invalidate" : "write through",
                c.warmStart() ? "warm" : "cold", connections.size());
    }

    /** Opens (true) or closes the recorded window of the side counters (stale reads, miss breakdown, key sample). */
    public void recording(boolean on) {
        if (on) {
            staleReads.reset();
            checkedHits.reset();
            missDbMicros.reset();
            missSetMicros.reset();
            sampledKeys.clear();
            sampledAccesses.reset();
        }
        recording = on;
    }

    /**
     * Loads every player into the cache (a warm start), in pipelined batches.
     *
     * @return entries written
     */
    public long prepopulate() throws SQLException, InterruptedException {
        long n = 0;
        StatefulConnection<String, String> conn = connections.get();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(source.all(schema))) {
            ps.setFetchSize(1000);
            try (ResultSet rs = ps.executeQuery()) {
                List<RedisCommand<String, String, ?>> batch = new ArrayList<>(1000);
                while (rs.next()) {
                    int num = source.idOf(rs.getString(1));
                    if (num >= committed.length()) continue;
                    batch.add(Commands.setEx(Commands.UTF8, keyPrefix + num, CacheSource.row(rs, 2), ttlSeconds));
                    if (batch.size() == 1000) n += flush(conn, batch);
                }
                n += flush(conn, batch);
            }
        }
        return n;
    }

    private long flush(StatefulConnection<String, String> conn, List<RedisCommand<String, String, ?>> batch) throws InterruptedException {
        if (batch.isEmpty()) return 0;
        conn.dispatch(batch);
        for (RedisCommand<String, String, ?> c : batch) {
            try {
                Await.result((AsyncCommand<String, String, ?>) c, timeout);
            } catch (Await.Failed f) {
                throw new IllegalStateException("warming the cache failed: " + f.outcome.message());
            }
        }
        int n = batch.size();
        batch.clear();
        return n;
    }

    /** A cached row: the counter that grows with each write (what the stale check reads), a number, a name. */
    static String encode(long counter, long number, String name) {
        return counter + "|" + number + "|" + name;
    }

    static int winsOf(String cached) {
        int bar = cached.indexOf('|');
        return Integer.parseInt(bar < 0 ? cached : cached.substring(0, bar));
    }

    public long staleReads() { return staleReads.sum(); }

    public long checkedHits() { return checkedHits.sum(); }

    public Histogram missDbMicros() { return missDbMicros; }

    public Histogram missSetMicros() { return missSetMicros; }

    /** The most accessed keys of the 1-in-64 client-side sample: key to share of sampled accesses. */
    public Map<String, Double> hotKeys(int top) {
        double total = Math.max(1, sampledAccesses.sum());
        Map<String, Double> out = new LinkedHashMap<>();
        sampledKeys.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue().sum(), a.getValue().sum())).limit(top)
                .forEach(e -> out.put(keyPrefix + e.getKey(), e.getValue().sum() / total));
        return out;
    }

    private void sample(int id, SplittableRandom r) {
        if (recording && (r.nextInt() & 63) == 0) {
            sampledAccesses.increment();
            sampledKeys.computeIfAbsent(id, k -> new LongAdder()).increment();
        }
    }

    /** A cache read: GET, and on a miss the database and the SET. Both names share this code. */
    private final class Read implements Operation {
        private final String name;

        Read(String name) {
            this.name = name;
        }

        @Override public String name() { return name; }

        @Override
        public Outcome call(OperationContext ctx) throws InterruptedException {
            int id = keys.next(ctx.random()) + 1;
            sample(id, ctx.random());
            String key = keyPrefix + id;
            StatefulConnection<String, String> conn = connections.get(ctx);
            int floor = committed.get(id);
            try {
                AsyncCommand<String, String, String> get = Commands.get(Commands.UTF8, key);
                conn.dispatch(get);
                counter.add(1);
                String cached = Await.result(get, timeout);
                if (cached != null) {
                    if (recording) {
                        checkedHits.increment();
                        if (winsOf(cached) < floor) staleReads.increment();
                    }
                    return Outcome.OK;
                }
                ctx.recordAs(MISS_INDEX);
                long t0 = System.nanoTime();
                String row;
                try (Connection c = db.getConnection()) {
                    ctx.markAcquired();
                    try (PreparedStatement ps = c.prepareStatement(readSql)) {
                        source.bind(ps, id);
                        try (ResultSet rs = ps.executeQuery()) {
                            if (!rs.next()) return Outcome.failed(RedisErrors.DATABASE, source.workload() + " entity " + id + " is not in " + schema);
                            row = CacheSource.row(rs, 1);
                        }
                    }
                } catch (SQLException e) {
                    return Outcome.failed(RedisErrors.DATABASE, Secrets.redact(e.getMessage()));
                }
                long t1 = System.nanoTime();
                AsyncCommand<String, String, String> set = Commands.setEx(Commands.UTF8, key, row, ttlSeconds);
                conn.dispatch(set);
                counter.add(1);
                Await.result(set, timeout);
                if (recording) {
                    missDbMicros.recordValue(Math.max(0, (t1 - t0) / 1000));
                    missSetMicros.recordValue(Math.max(0, (System.nanoTime() - t1) / 1000));
                }
                return Outcome.OK;
            } catch (Await.Failed f) {
                return f.outcome;
            } catch (RuntimeException e) {
                return RedisErrors.outcome(e);
            }
        }
    }

    /** A write: UPDATE in PostgreSQL (committed on return), then invalidate or write through. */
    private final class Write implements Operation {
        @Override public String name() { return WRITE; }

        @Override
        public Outcome call(OperationContext ctx) throws InterruptedException {
            int id = keys.next(ctx.random()) + 1;
            String key = keyPrefix + id;
            String row;
            int wins;
            try (Connection c = db.getConnection()) {
                ctx.markAcquired();
                try (PreparedStatement ps = c.prepareStatement(writeSql)) {
                    source.bind(ps, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) return Outcome.failed(RedisErrors.DATABASE, source.workload() + " entity " + id + " is not in " + schema);
                        wins = rs.getInt(1);
                        row = CacheSource.row(rs, 1);
                    }
                }
            } catch (SQLException e) {
                return Outcome.failed(RedisErrors.DATABASE, Secrets.redact(e.getMessage()));
            }
            committed.accumulateAndGet(id, wins, Math::max);
            StatefulConnection<String, String> conn = connections.get(ctx);
            try {
                AsyncCommand<String, String, ?> c = mode == RedisConfig.WriteMode.INVALIDATE ? Commands.unlink(Commands.UTF8, key)
                        : Commands.setEx(Commands.UTF8, key, row, ttlSeconds);
                conn.dispatch(c);
                counter.add(1);
                Await.result(c, timeout);
                return Outcome.OK;
            } catch (Await.Failed f) {
                return f.outcome;
            } catch (RuntimeException e) {
                return RedisErrors.outcome(e);
            }
        }
    }
}
