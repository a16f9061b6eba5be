package dev.stampede.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

import java.util.ArrayList;
import java.util.List;

/**
 * Removes the keys under one prefix with {@code SCAN MATCH prefix* COUNT 1000} and {@code UNLINK} in batches,
 * never KEYS (which blocks the server) and never FLUSHDB. Glob characters in the prefix are escaped, and every
 * key SCAN returns is checked again to start with the prefix before it is unlinked, so a key that is not
 * Stampede's is never removed. Standalone and Sentinel only (a cluster would need a SCAN per master).
 */
public final class KeyCleaner {
    private KeyCleaner() {
    }

    /** Removes the keys starting with {@code prefix}; returns how many were unlinked. */
    public static long clean(RedisClusterCommands<String, String> redis, String prefix) {
        if (prefix == null || prefix.isEmpty()) throw new IllegalArgumentException("refusing to clean without a key prefix");
        ScanArgs args = ScanArgs.Builder.matches(escape(prefix) + "*").limit(1000);
        ScanCursor cursor = ScanCursor.INITIAL;
        long removed = 0;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, args);
            List<String> ours = new ArrayList<>();
            for (String k : page.getKeys()) if (k.startsWith(prefix)) ours.add(k);
            if (!ours.isEmpty()) removed += redis.unlink(ours.toArray(String[]::new));
            cursor = page;
        } while (!cursor.isFinished());
        return removed;
    }

    /** Like {@link #clean}, one key per UNLINK: for a cluster node, where one UNLINK may not span hash slots. */
    public static long cleanEach(RedisClusterCommands<String, String> redis, String prefix) {
        if (prefix == null || prefix.isEmpty()) throw new IllegalArgumentException("refusing to clean without a key prefix");
        ScanArgs args = ScanArgs.Builder.matches(escape(prefix) + "*").limit(1000);
        ScanCursor cursor = ScanCursor.INITIAL;
        long removed = 0;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, args);
            for (String k : page.getKeys()) if (k.startsWith(prefix)) removed += redis.unlink(k);
            cursor = page;
        } while (!cursor.isFinished());
        return removed;
    }

    /** Counts the keys starting with {@code prefix} (SCAN, not KEYS). */
    public static long count(RedisClusterCommands<String, String> redis, String prefix) {
        ScanArgs args = ScanArgs.Builder.matches(escape(prefix) + "*").limit(1000);
        ScanCursor cursor = ScanCursor.INITIAL;
        long n = 0;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, args);
            for (String k : page.getKeys()) if (k.startsWith(prefix)) n++;
            cursor = page;
        } while (!cursor.isFinished());
        return n;
    }

    /** Up to {@code max} keys under {@code prefix}, for MEMORY USAGE sampling. */
    public static List<String> sample(RedisClusterCommands<String, String> redis, String prefix, int max) {
        ScanArgs args = ScanArgs.Builder.matches(escape(prefix) + "*").limit(200);
        List<String> out = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        int pages = 0;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, args);
            for (String k : page.getKeys()) if (k.startsWith(prefix) && out.size() < max) out.add(k);
            cursor = page;
        } while (!cursor.isFinished() && out.size() < max && ++pages < 50);
        return out;
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
