package dev.stampede.redis.workload;

import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.BooleanOutput;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.output.ValueListOutput;
import io.lettuce.core.output.ValueOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;

/**
 * Builds Lettuce commands directly (no API proxy in between) so that a batch can be handed to the connection in one
 * {@code dispatch}, which writes it to the socket at once: that is how an attempt pipelines. Each builder takes the
 * codec of its arguments: {@link #ASCII} for the raw workload's keys and values, which are ASCII by construction, so
 * Lettuce knows each argument's exact length and encodes it straight into the write buffer ({@link #UTF8}'s size is
 * an estimate, so Lettuce encodes every key and value into a temporary buffer from the allocator and copies it:
 * measured at pipelining 16 as the allocator's frames on top of the event loop's profile); {@link #UTF8} for cached
 * rows, which may hold any text. Stateless.
 */
final class Commands {
    /** Keys and values known to be ASCII: exact sizes, no temporary buffer per argument. */
    static final StringCodec ASCII = StringCodec.ASCII;
    /** Any text (cached rows). */
    static final StringCodec UTF8 = StringCodec.UTF8;

    private Commands() {
    }

    static AsyncCommand<String, String, String> get(StringCodec codec, String key) {
        return new AsyncCommand<>(new Command<>(CommandType.GET, new ValueOutput<>(codec), new CommandArgs<>(codec).addKey(key)));
    }

    static AsyncCommand<String, String, String> set(StringCodec codec, String key, String value) {
        return new AsyncCommand<>(new Command<>(CommandType.SET, new StatusOutput<>(codec), new CommandArgs<>(codec).addKey(key).addValue(value)));
    }

    /** SET key value EX seconds. */
    static AsyncCommand<String, String, String> setEx(StringCodec codec, String key, String value, long seconds) {
        return new AsyncCommand<>(new Command<>(CommandType.SET, new StatusOutput<>(codec),
                new CommandArgs<>(codec).addKey(key).addValue(value).add("EX").add(seconds)));
    }

    static AsyncCommand<String, String, java.util.List<String>> mget(StringCodec codec, String... keys) {
        return new AsyncCommand<>(new Command<>(CommandType.MGET, new ValueListOutput<>(codec), new CommandArgs<>(codec).addKeys(keys)));
    }

    static AsyncCommand<String, String, Long> incr(StringCodec codec, String key) {
        return new AsyncCommand<>(new Command<>(CommandType.INCR, new IntegerOutput<>(codec), new CommandArgs<>(codec).addKey(key)));
    }

    static AsyncCommand<String, String, Long> hset(StringCodec codec, String key, String field, String value) {
        return new AsyncCommand<>(new Command<>(CommandType.HSET, new IntegerOutput<>(codec),
                new CommandArgs<>(codec).addKey(key).add(field).addValue(value)));
    }

    static AsyncCommand<String, String, String> hget(StringCodec codec, String key, String field) {
        return new AsyncCommand<>(new Command<>(CommandType.HGET, new ValueOutput<>(codec), new CommandArgs<>(codec).addKey(key).add(field)));
    }

    static AsyncCommand<String, String, Long> lpush(StringCodec codec, String key, String value) {
        return new AsyncCommand<>(new Command<>(CommandType.LPUSH, new IntegerOutput<>(codec), new CommandArgs<>(codec).addKey(key).addValue(value)));
    }

    static AsyncCommand<String, String, String> rpop(StringCodec codec, String key) {
        return new AsyncCommand<>(new Command<>(CommandType.RPOP, new ValueOutput<>(codec), new CommandArgs<>(codec).addKey(key)));
    }

    static AsyncCommand<String, String, Long> zadd(StringCodec codec, String key, double score, String member) {
        return new AsyncCommand<>(new Command<>(CommandType.ZADD, new IntegerOutput<>(codec),
                new CommandArgs<>(codec).addKey(key).add(score).add(member)));
    }

    static AsyncCommand<String, String, java.util.List<String>> zrange(StringCodec codec, String key, long start, long stop) {
        return new AsyncCommand<>(new Command<>(CommandType.ZRANGE, new ValueListOutput<>(codec),
                new CommandArgs<>(codec).addKey(key).add(start).add(stop)));
    }

    static AsyncCommand<String, String, Boolean> expire(StringCodec codec, String key, long seconds) {
        return new AsyncCommand<>(new Command<>(CommandType.EXPIRE, new BooleanOutput<>(codec), new CommandArgs<>(codec).addKey(key).add(seconds)));
    }

    static AsyncCommand<String, String, Long> unlink(StringCodec codec, String key) {
        return new AsyncCommand<>(new Command<>(CommandType.UNLINK, new IntegerOutput<>(codec), new CommandArgs<>(codec).addKey(key)));
    }
}
