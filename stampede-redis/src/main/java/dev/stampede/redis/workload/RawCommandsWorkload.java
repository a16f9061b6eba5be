package dev.stampede.redis.workload;

import dev.stampede.core.api.Operation;
import dev.stampede.core.api.OperationContext;
import dev.stampede.core.api.Outcome;
import dev.stampede.core.api.Workload;
import dev.stampede.redis.RedisConfig;
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
 * configured popularity; values are {@code value_size} bytes. Thread-safe.
 */
public final class RawCommandsWorkload implements Workload {
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

    public RawCommandsWorkload(RedisConfig c, Map<String, Double> weights, Connections connections, CommandCounter counter) {
        this.connections = connections;
        this.keys = KeyChooser.of(c.keySpace(), c);
        this.prefix = c.keyPrefix();
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

    /** The plain key of number {@code n}, from the precomputed table when the key space is small enough to hold one. */
    private String key(int n) {
        return plainKeys != null ? plainKeys[n] : prefix + "k:" + n;
    }

    private AsyncCommand<String, String, ?> build(String cmd, SplittableRandom r) {
        int n = keys.next(r);
        return switch (cmd) {
            case "GET" -> Commands.get(key(n));
            case "SET" -> Commands.set(key(n), value);
            case "MGET" -> {
                String[] ks = new String[MGET_KEYS];
                for (int i = 0; i < ks.length; i++) ks[i] = prefix + "k:" + keys.next(r);
                yield Commands.mget(ks);
            }
            case "INCR" -> Commands.incr(prefix + "c:" + n);
            case "HSET" -> Commands.hset(prefix + "h:" + (n % 1000), "f" + n, value);
            case "HGET" -> Commands.hget(prefix + "h:" + (n % 1000), "f" + n);
            case "LPUSH" -> Commands.lpush(prefix + "l:" + (n % 100), value);
            case "RPOP" -> Commands.rpop(prefix + "l:" + (n % 100));
            case "ZADD" -> Commands.zadd(prefix + "z:" + (n % 100), r.nextInt(1_000_000), "m" + n);
            case "ZRANGE" -> Commands.zrange(prefix + "z:" + (n % 100), 0, 9);
            case "EXPIRE" -> Commands.expire(prefix + "k:" + n, ttlSeconds);
            default -> throw new IllegalStateException("unknown command " + cmd);
        };
    }

    /** One command family as an operation. */
    private final class Cmd implements Operation {
        private final String command;

        Cmd(String command) {
            this.command = command;
        }

        @Override public String name() { return command; }

        @Override
        public Outcome call(OperationContext ctx) throws InterruptedException {
            StatefulConnection<String, String> conn = connections.get();
            SplittableRandom r = ctx.random();
            try {
                if (pipeline == 1) {
                    AsyncCommand<String, String, ?> c = build(command, r);
                    conn.dispatch(c);
                    counter.add(1);
                    Await.result(c, timeout);
                    return Outcome.OK;
                }
                List<RedisCommand<String, String, ?>> batch = new ArrayList<>(pipeline);
                for (int i = 0; i < pipeline; i++) batch.add(build(command, r));
                conn.dispatch(batch);
                counter.add(pipeline);
                // replies come back in order on one connection: once the last is in, the others are too
                try {
                    Await.result((AsyncCommand<String, String, ?>) batch.get(batch.size() - 1), timeout);
                } catch (Await.Failed ignored) {
                    // looked at below, with the others
                }
                Outcome first = null;
                for (RedisCommand<String, String, ?> c : batch) {
                    try {
                        Await.result((AsyncCommand<String, String, ?>) c, timeout);
                    } catch (Await.Failed f) {
                        if (first == null) first = f.outcome;
                    }
                }
                return first == null ? Outcome.OK : first;
            } catch (Await.Failed f) {
                return f.outcome;
            } catch (RuntimeException e) {
                return dev.stampede.redis.RedisErrors.outcome(e);
            }
        }
    }
}
