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
 * {@code dispatch}, which writes it to the socket at once: that is how an attempt pipelines. Stateless.
 */
final class Commands {
    private static final StringCodec C = StringCodec.UTF8;

    private Commands() {
    }

    static AsyncCommand<String, String, String> get(String key) {
        return new AsyncCommand<>(new Command<>(CommandType.GET, new ValueOutput<>(C), new CommandArgs<>(C).addKey(key)));
    }

    static AsyncCommand<String, String, String> set(String key, String value) {
        return new AsyncCommand<>(new Command<>(CommandType.SET, new StatusOutput<>(C), new CommandArgs<>(C).addKey(key).addValue(value)));
    }

    /** SET key value EX seconds. */
    static AsyncCommand<String, String, String> setEx(String key, String value, long seconds) {
        return new AsyncCommand<>(new Command<>(CommandType.SET, new StatusOutput<>(C),
                new CommandArgs<>(C).addKey(key).addValue(value).add("EX").add(seconds)));
    }

    static AsyncCommand<String, String, java.util.List<String>> mget(String... keys) {
        return new AsyncCommand<>(new Command<>(CommandType.MGET, new ValueListOutput<>(C), new CommandArgs<>(C).addKeys(keys)));
    }

    static AsyncCommand<String, String, Long> incr(String key) {
        return new AsyncCommand<>(new Command<>(CommandType.INCR, new IntegerOutput<>(C), new CommandArgs<>(C).addKey(key)));
    }

    static AsyncCommand<String, String, Long> hset(String key, String field, String value) {
        return new AsyncCommand<>(new Command<>(CommandType.HSET, new IntegerOutput<>(C),
                new CommandArgs<>(C).addKey(key).add(field).addValue(value)));
    }

    static AsyncCommand<String, String, String> hget(String key, String field) {
        return new AsyncCommand<>(new Command<>(CommandType.HGET, new ValueOutput<>(C), new CommandArgs<>(C).addKey(key).add(field)));
    }

    static AsyncCommand<String, String, Long> lpush(String key, String value) {
        return new AsyncCommand<>(new Command<>(CommandType.LPUSH, new IntegerOutput<>(C), new CommandArgs<>(C).addKey(key).addValue(value)));
    }

    static AsyncCommand<String, String, String> rpop(String key) {
        return new AsyncCommand<>(new Command<>(CommandType.RPOP, new ValueOutput<>(C), new CommandArgs<>(C).addKey(key)));
    }

    static AsyncCommand<String, String, Long> zadd(String key, double score, String member) {
        return new AsyncCommand<>(new Command<>(CommandType.ZADD, new IntegerOutput<>(C),
                new CommandArgs<>(C).addKey(key).add(score).add(member)));
    }

    static AsyncCommand<String, String, java.util.List<String>> zrange(String key, long start, long stop) {
        return new AsyncCommand<>(new Command<>(CommandType.ZRANGE, new ValueListOutput<>(C),
                new CommandArgs<>(C).addKey(key).add(start).add(stop)));
    }

    static AsyncCommand<String, String, Boolean> expire(String key, long seconds) {
        return new AsyncCommand<>(new Command<>(CommandType.EXPIRE, new BooleanOutput<>(C), new CommandArgs<>(C).addKey(key).add(seconds)));
    }

    static AsyncCommand<String, String, Long> unlink(String key) {
        return new AsyncCommand<>(new Command<>(CommandType.UNLINK, new IntegerOutput<>(C), new CommandArgs<>(C).addKey(key)));
    }
}
