package dev.stampede.celery;

import dev.stampede.redis.RedisConnector;
import dev.stampede.redis.RedisUrl;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Redis service on 6379, database 10: the Celery tests' own. Every key they create (the worker's included) starts
 * with {@link #PREFIX} (the worker's global_keyprefix) or is a result key of a task id the test made; {@link #clean}
 * removes only those.
 */
final class ServiceRedis implements AutoCloseable {
    static final String URL = "redis://127.0.0.1:6379/10";
    static final String PREFIX = "stampede-it-celery:";
    final RedisConnector connector = RedisConnector.create(RedisUrl.parse(URL, "test"), false, Duration.ofSeconds(5));
    final StatefulConnection<String, String> connection = connector.connect();
    final RedisClusterCommands<String, String> redis = RedisConnector.sync(connection);

    /** Unlinks every key matching {@code pattern} (the tests' own prefix or task ids); returns how many. */
    long clean(String pattern) {
        long n = 0;
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> c = redis.scan(cursor, ScanArgs.Builder.matches(pattern).limit(1000));
            List<String> keys = new ArrayList<>(c.getKeys());
            if (!keys.isEmpty()) n += redis.unlink(keys.toArray(String[]::new));
            cursor = c;
        } while (!cursor.isFinished());
        return n;
    }

    @Override
    public void close() {
        clean(PREFIX + "*");
        connection.close();
        connector.close();
    }
}
