package dev.stampede.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Removes the keys under one prefix with {@code SCAN MATCH prefix* COUNT 1000} and {@code UNLINK} in batches,
 * never KEYS (which blocks the server) and never FLUSHDB. Glob characters in the prefix are escaped, and every
 * key SCAN returns is checked again to start with the prefix before it is unlinked, so a key that is not
 * Stampede's is never removed. Standalone and Sentinel only (a cluster would need a SCAN per master).
 */
public final class KeyCleaner {
    private KeyCleaner() {
    }

    /**
     * Every key starting with {@code prefix}, in pages of about {@code count} as SCAN returns them (a page may be
     * empty and is then skipped); each key is checked again to start with the prefix. {@code page} returns false to
     * stop early. The one SCAN loop of the module: cleaning, counting, sampling and other targets' stores use it.
     */
    public static void scan(RedisClusterCommands<String, String> redis, String prefix, int count, Predicate<List<String>> page) {
        ScanArgs args = ScanArgs.Builder.matches(escape(prefix) + "*").limit(count);
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> p = redis.scan(cursor, args);
            List<String> ours = new ArrayList<>(p.getKeys().size());
            for (String k : p.getKeys()) if (k.startsWith(prefix)) ours.add(k);
            if (!ours.isEmpty() && !page.test(ours)) return;
            cursor = p;
        } while (!cursor.isFinished());
    }

    /** Removes the keys starting with {@code prefix}; returns how many were unlinked. */
    public static long clean(RedisClusterCommands<String, String> redis, String prefix) {
        requirePrefix(prefix);
        long[] removed = {0};
        scan(redis, prefix, 1000, keys -> {
            removed[0] += redis.unlink(keys.toArray(String[]::new));
            return true;
        });
        return removed[0];
    }

    /** Like {@link #clean}, one key per UNLINK: for a cluster node, where one UNLINK may not span hash slots. */
    public static long cleanEach(RedisClusterCommands<String, String> redis, String prefix) {
        requirePrefix(prefix);
        long[] removed = {0};
        scan(redis, prefix, 1000, keys -> {
            for (String k : keys) removed[0] += redis.unlink(k);
            return true;
        });
        return removed[0];
    }

    /** Counts the keys starting with {@code prefix} (SCAN, not KEYS). */
    public static long count(RedisClusterCommands<String, String> redis, String prefix) {
        long[] n = {0};
        scan(redis, prefix, 1000, keys -> {
            n[0] += keys.size();
            return true;
        });
        return n[0];
    }

    /** Up to {@code max} keys under {@code prefix}, for MEMORY USAGE sampling (at most 50 SCAN pages). */
    public static List<String> sample(RedisClusterCommands<String, String> redis, String prefix, int max) {
        List<String> out = new ArrayList<>();
        int[] pages = {0};
        scan(redis, prefix, 200, keys -> {
            for (String k : keys) if (out.size() < max) out.add(k);
            return out.size() < max && ++pages[0] < 50;
        });
        return out;
    }

    private static void requirePrefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) throw new IllegalArgumentException("refusing to clean without a key prefix");
    }

    /** The prefix with Redis glob metacharacters escaped, so MATCH takes it literally. */
    static String escape(String prefix) {
        StringBuilder b = new StringBuilder();
        for (char c : prefix.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') b.append('\\');
            b.append(c);
        }
        return b.toString();
    }
}
