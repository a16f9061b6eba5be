package dev.stampede.redis.workload;

import dev.stampede.core.api.AsyncOperation;
import dev.stampede.core.api.Completion;
import dev.stampede.core.api.Operation;
import dev.stampede.core.api.OperationContext;
import dev.stampede.core.api.Outcome;
import dev.stampede.core.api.Workload;
import dev.stampede.redis.RedisConfig;
import dev.stampede.redis.RedisErrors;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.RedisCommand;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The {@code redis} workload: raw commands picked by weight (GET, SET, MGET, INCR, HSET, HGET, LPUSH, RPOP, ZADD,
 * ZRANGE, EXPIRE), each operation named after its command. One attempt sends {@code pipeline} commands of its kind
 * in one write and waits for every reply, so an attempt's latency is the batch's and the server sees
 * {@code pipeline} commands per attempt. Keys are {@code prefix + family + ":" + n} over the key space, drawn by the
 * configured popularity; values are {@code value_size} bytes. Every operation is an {@link AsyncOperation}, so the
 * engine drives the users from Lettuce's event-loop threads, without a thread per user. On a cluster, MGET is split
 * by hash slot. Thread-safe.
 */
public final class RawCommandsWorkload implements Workload, AutoCloseable {
    /** The commands this workload knows, in report order. */
    public static final List<String> COMMANDS = List.of("GET", "SET", "MGET", "INCR", "HSET", "HGET", "LPUSH", "RPOP", "ZADD",
            "ZRANGE", "EXPIRE");
    private static final int MGET_KEYS = 10;

    private final List<Operation> operations = new ArrayList<>();
    private final double[] cumulative;
    private final Connections connections;
    private final KeyChooser keys;
    private final String prefix;
    private final String value;
    private final int pipeline;
    private final Duration timeout;
    private final CommandCounter counter;
    private final long ttlSeconds;
    private final String[] plainKeys;
    private final boolean cluster;
    private final ReplyDeadlines deadlines;
    /** ASCII when the key prefix is (keys and values are then ASCII throughout: exact sizes, no copy), else UTF-8. */
    private final io.lettuce.core.codec.StringCodec codec;

    /** @param users the scenario's concurrency (users, or open-model in-flight attempts) */
    public RawCommandsWorkload(RedisConfig c, Map<String, Double> weights, Connections connections, CommandCounter counter, int users) {
        this.connections = connections;
        this.cluster = c.cluster();
        this.keys = KeyChooser.of(c.keySpace(), c);
        this.prefix = c.keyPrefix();
        this.codec = codecFor(prefix);
        this.pipeline = c.pipeline();
        this.timeout = c.timeout();
        this.counter = counter;
        this.ttlSeconds = Math.max(1, c.cacheTimeout().toSeconds());
        char[] v = new char[c.valueSize()];
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < v.length; i++) v[i] = (char) ('a' + r.nextInt(26));
        this.value = new String(v);
        if (c.keySpace() <= 1_000_000) {
            plainKeys = new String[c.keySpace()];
            for (int i = 0; i < plainKeys.length; i++) plainKeys[i] = prefix + "k:" + i;
        } else {
            plainKeys = null;
        }
        List<Double> w = new ArrayList<>();
        for (String cmd : COMMANDS) {
            Double weight = weights.get(cmd);
            if (weight == null || weight <= 0) continue;
            operations.add(new Cmd(cmd));
            w.add(weight);
        }
        if (operations.isEmpty()) throw new IllegalArgumentException("the redis workload has no command with a positive weight");
        this.deadlines = new ReplyDeadlines(timeout, users);
        cumulative = new double[w.size()];
        double total = w.stream().mapToDouble(Double::doubleValue).sum(), acc = 0;
        for (int i = 0; i < cumulative.length; i++) {
            acc += w.get(i) / total;
            cumulative[i] = acc;
        }
        cumulative[cumulative.length - 1] = 1.0;
    }

    @Override public String name() { return "redis"; }

    @Override public List<Operation> operations() { return operations; }

    @Override
    public int pick(SplittableRandom random) {
        if (cumulative.length == 1) return 0;
        int i = Arrays.binarySearch(cumulative, random.nextDouble());
        return i >= 0 ? Math.min(i + 1, cumulative.length - 1) : -i - 1;
    }

    public String describe(RedisConfig c) {
        StringBuilder mix = new StringBuilder();
        for (Operation o : operations) mix.append(mix.isEmpty() ? "" : " ").append(o.name());
        return String.format(Locale.ROOT, "redis (%s; %d-byte values, %s; %d connections, pipelining %d)", mix, value.length(),
                keys.describe(c), connections.size(), pipeline);
    }

    /** ASCII when every character of the key prefix is (the rest of each key and every value are), else UTF-8. */
    static io.lettuce.core.codec.StringCodec codecFor(String prefix) {
        return prefix.chars().allMatch(ch -> ch < 0x80) ? Commands.ASCII : Commands.UTF8;
    }

    /** The plain key of number {@code n}, from the precomputed table when the key space is small enough to hold one. */
    private String key(int n) {
        return plainKeys != null ? plainKeys[n] : prefix + "k:" + n;
    }

    private String[] mgetKeys(SplittableRandom r) {
        String[] ks = new String[MGET_KEYS];
        for (int i = 0; i < ks.length; i++) ks[i] = key(keys.next(r));
        return ks;
    }

    private AsyncCommand<String, String, ?> build(String cmd, SplittableRandom r) {
        int n = keys.next(r);
        return switch (cmd) {
            case "GET" -> Commands.get(codec, key(n));
            case "SET" -> Commands.set(codec, key(n), value);
            case "MGET" -> Commands.mget(codec, mgetKeys(r));
            case "INCR" -> Commands.incr(codec, prefix + "c:" + n);
            case "HSET" -> Commands.hset(codec, prefix + "h:" + (n % 1000), "f" + n, value);
            case "HGET" -> Commands.hget(codec, prefix + "h:" + (n % 1000), "f" + n);
            case "LPUSH" -> Commands.lpush(codec, prefix + "l:" + (n % 100), value);
            case "RPOP" -> Commands.rpop(codec, prefix + "l:" + (n % 100));
            case "ZADD" -> Commands.zadd(codec, prefix + "z:" + (n % 100), r.nextInt(1_000_000), "m" + n);
            case "ZRANGE" -> Commands.zrange(codec, prefix + "z:" + (n % 100), 0, 9);
            case "EXPIRE" -> Commands.expire(codec, prefix + "k:" + n, ttlSeconds);
            default -> throw new IllegalStateException("unknown command " + cmd);
        };
    }

    /** Ends the sweeper of {@code redis.timeout}. Idempotent. */
    @Override
    public void close() { deadlines.close(); }

    /**
     * One command family as an asynchronous operation: {@code start} writes the attempt's {@code pipeline} commands
     * in one dispatch and returns; the reply of the last command (replies come back in order on one connection, so
     * the others are in by then) completes the attempt on Lettuce's event-loop thread, which then starts the user's
     * next attempt. No thread waits per user.
     */
    private final class Cmd implements AsyncOperation {
        private final String command;

        Cmd(String command) {
            this.command = command;
        }

        @Override public String name() { return command; }

        @Override
        public void start(OperationContext ctx, Completion done) {
            StatefulConnection<String, String> conn = connections.get(ctx);
            SplittableRandom r = ctx.random();
            if (cluster && command.equals("MGET")) {
                startClusterMget(ctx, conn, r, done);
                return;
            }
            Reply reply;
            if (pipeline == 1) {
                AsyncCommand<String, String, ?> c = build(command, r);
                reply = new Reply(ctx.user(), done, c, null);
                c.whenComplete(reply);
                deadlines.track(ctx.user(), reply);
                try {
                    conn.dispatch(c);
                } catch (RuntimeException e) {
                    reply.refused(e); // not written: a Redis failure (closed connection...), not the workload's
                    return;
                }
                counter.add(1);
                return;
            }
            List<RedisCommand<String, String, ?>> batch = new ArrayList<>(pipeline);
            for (int i = 0; i < pipeline; i++) batch.add(build(command, r));
            @SuppressWarnings("unchecked")
            AsyncCommand<String, String, ?> last = (AsyncCommand<String, String, ?>) batch.get(batch.size() - 1);
            reply = new Reply(ctx.user(), done, last, batch);
            last.whenComplete(reply);
            deadlines.track(ctx.user(), reply);
            try {
                conn.dispatch(batch);
            } catch (RuntimeException e) {
                reply.refused(e);
                return;
            }
            counter.add(pipeline);
        }

        /**
         * MGET on a cluster: Lettuce's cluster API splits the keys by hash slot (one MGET per slot, sent to each
         * slot's master) and joins the values, so no command spans slots (CROSSSLOT). The server sees one command per
         * slot, which is what is counted.
         */
        private void startClusterMget(OperationContext ctx, StatefulConnection<String, String> conn, SplittableRandom r, Completion done) {
            String[] ks = mgetKeys(r);
            @SuppressWarnings("unchecked")
            var cc = (io.lettuce.core.cluster.api.StatefulRedisClusterConnection<String, String>) conn;
            java.util.concurrent.CompletableFuture<?> f;
            try {
                f = cc.async().mget(ks).toCompletableFuture();
            } catch (RuntimeException e) {
                done.complete(RedisErrors.outcome(e));
                return;
            }
            Reply reply = new Reply(ctx.user(), done, f, null);
            deadlines.track(ctx.user(), reply);
            counter.add(io.lettuce.core.cluster.SlotHash.partition(io.lettuce.core.codec.StringCodec.UTF8, Arrays.asList(ks)).size());
            f.whenComplete(reply);
        }
    }

    /**
     * The completion of one attempt: the reply of its last command (or the joined cluster MGET), then the first
     * failure among the batch, if any. Also the attempt's entry in {@link ReplyDeadlines}.
     */
    private final class Reply implements java.util.function.BiConsumer<Object, Throwable>, ReplyDeadlines.Waiting {
        private final int user;
        private final Completion done;
        private final java.util.concurrent.CompletableFuture<?> last;
        private final List<RedisCommand<String, String, ?>> batch;
        private final long startedNanos = System.nanoTime();

        Reply(int user, Completion done, java.util.concurrent.CompletableFuture<?> last, List<RedisCommand<String, String, ?>> batch) {
            this.user = user;
            this.done = done;
            this.last = last;
            this.batch = batch;
        }

        @Override
        public void accept(Object value, Throwable error) {
            deadlines.untrack(user, this);
            if (error != null) {
                done.complete(RedisErrors.outcome(error));
                return;
            }
            if (batch != null) {
                for (RedisCommand<String, String, ?> c : batch) {
                    java.util.concurrent.CompletableFuture<?> f = (java.util.concurrent.CompletableFuture<?>) c;
                    if (f.isCompletedExceptionally()) {
                        done.complete(RedisErrors.outcome(f.exceptionNow()));
                        return;
                    }
                }
            }
            done.complete(Outcome.OK);
        }

        @Override public long startedNanos() { return startedNanos; }

        /** The client refused to send (it threw): the attempt fails with the Redis class of the exception. */
        void refused(RuntimeException e) {
            deadlines.untrack(user, this);
            done.complete(RedisErrors.outcome(e)); // the engine ignores it if a completion already came
        }

        @Override
        public void expire(RedisCommandTimeoutException e) {
            if (batch != null) {
                for (RedisCommand<String, String, ?> c : batch) ((java.util.concurrent.CompletableFuture<?>) c).completeExceptionally(e);
            }
            last.completeExceptionally(e);
        }
    }
}
