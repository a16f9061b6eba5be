package dev.stampede.migration;

import dev.stampede.core.engine.NanoClock;

import java.util.ArrayList;
import java.util.List;

/**
 * Copies the existing keys from Redis to PostgreSQL while users keep writing: SCAN pages of {@code batch} keys, each
 * read with one pipelined round trip and written in one PostgreSQL transaction through {@link StoreRouter#backfill}
 * (version-checked, so a copy never overwrites a newer mirror write), paced to at most {@code rowsPerSec} on the
 * injected clock. Stops at the deadline when not done. One instance per run, on the migration driver's thread.
 */
final class Backfill {

    /**
     * What the backfill did.
     *
     * @param rows        rows copied (read from Redis and handed to PostgreSQL)
     * @param written     of those, rows PostgreSQL did not already hold at that version or newer
     * @param seconds     from the first batch to the last
     * @param complete    true when the SCAN reached its end before the deadline
     * @param skipped     keys an injected bug skipped (empty unless {@code migration.inject.backfill_skip_every})
     */
    record Result(long rows, long written, double seconds, boolean complete, List<String> skipped, double rowsPerSec) {
    }

    private final StoreRouter router;
    private final RedisGameStore redis;
    private final NanoClock clock;
    private final double rowsPerSec;
    private final int batch, skipEvery;

    Backfill(StoreRouter router, RedisGameStore redis, NanoClock clock, double rowsPerSec, int batch, int skipEvery) {
        this.router = router;
        this.redis = redis;
        this.clock = clock;
        this.rowsPerSec = rowsPerSec;
        this.batch = batch;
        this.skipEvery = skipEvery;
    }

    Result run(long deadlineNanos) throws Exception {
        long start = clock.nanoTime();
        long[] rows = {0}, written = {0}, seen = {0};
        List<String> skipped = new ArrayList<>();
        boolean[] stopped = {false};
        Exception[] failure = {null};
        redis.scanKeys(batch, keys -> {
            if (stopped[0] || failure[0] != null) return;
            try {
                List<String> take = new ArrayList<>(keys.size());
                for (String k : keys) {
                    seen[0]++;
                    if (skipEvery > 0 && seen[0] % skipEvery == 0) skipped.add(k.substring(redis.base().length()));
                    else take.add(k);
                }
                long readAt = clock.nanoTime();
                List<Row> batchRows = redis.readKeys(take);
                written[0] += router.backfill(batchRows, readAt);
                rows[0] += batchRows.size();
                long due = start + (long) (rows[0] / rowsPerSec * 1e9);
                if (due > deadlineNanos) {
                    stopped[0] = true;
                    clock.sleepUntil(deadlineNanos);
                } else {
                    clock.sleepUntil(due);
                }
                if (clock.nanoTime() >= deadlineNanos) stopped[0] = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped[0] = true;
            } catch (Exception e) {
                failure[0] = e;
            }
        });
        if (failure[0] != null) throw failure[0];
        double s = (clock.nanoTime() - start) / 1e9;
        return new Result(rows[0], written[0], s, !stopped[0], List.copyOf(skipped), s <= 0 ? 0 : rows[0] / s);
    }
}
