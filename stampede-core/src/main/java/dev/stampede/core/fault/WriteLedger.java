package dev.stampede.core.fault;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongConsumer;

/**
 * What a write workload was told about each of its writes, for Jepsen's set check after faults: every write gets a
 * unique key ({@link #nextKey()}), and its outcome is recorded as acknowledged, unknown (the connection broke after the
 * write was sent) or failed (refused before anything could happen). {@link #check} then reads which keys the target
 * holds and classifies each: an acknowledged key that is absent is <b>lost</b> (the headline, threshold 0); an unknown
 * key is present or absent, never lost nor ok; a failed key that is present is a write the client was told failed
 * that happened anyway.
 *
 * <p>Memory: one byte per key, in chunks of 64 Ki keys allocated as keys are handed out. Thread-safety: keys and
 * outcomes may be recorded from any thread, each key's outcome once, by the thread that wrote it; {@link #check} runs
 * after every writer has finished (the engine's end of the run orders their writes before it).
 */
public final class WriteLedger {
    private static final int CHUNK_BITS = 16, CHUNK = 1 << CHUNK_BITS, MAX_CHUNKS = 1 << 14;
    private static final byte PENDING = 0, ACKED = 1, UNKNOWN = 2, FAILED = 3;

    private final AtomicLong next = new AtomicLong();
    private final AtomicReferenceArray<byte[]> chunks = new AtomicReferenceArray<>(MAX_CHUNKS);
    private final AtomicLong acked = new AtomicLong(), unknown = new AtomicLong(), failed = new AtomicLong();

    /**
     * The result of the set check.
     *
     * @param keys           keys handed out
     * @param acknowledged   writes acknowledged
     * @param lost           acknowledged writes the target does not hold
     * @param unknownPresent unknown writes the target holds (they happened)
     * @param unknownAbsent  unknown writes it does not hold (they did not)
     * @param failedPresent  writes reported failed that the target holds anyway
     * @param pending        keys handed out whose outcome was never recorded (an attempt cut off by the run's end
     *                       is recorded unknown, so this is 0 unless a workload is broken)
     * @param unexpected     keys the target holds that were never handed out
     * @param lostSample     up to 10 lost keys
     */
    public record Check(long keys, long acknowledged, long lost, long unknownPresent, long unknownAbsent, long failedPresent,
                        long pending, long unexpected, List<Long> lostSample) {
        /** Every handed-out key is classified exactly once. */
        public boolean accountsForEveryKey() {
            return pending == 0;
        }
    }

    /** A fresh key, from 1 up. */
    public long nextKey() {
        long k = next.incrementAndGet();
        int c = (int) (k >>> CHUNK_BITS);
        if (c >= MAX_CHUNKS) throw new IllegalStateException("the write ledger holds at most " + ((long) MAX_CHUNKS << CHUNK_BITS) + " keys");
        if (chunks.get(c) == null) chunks.compareAndSet(c, null, new byte[CHUNK]);
        return k;
    }

    public void acknowledged(long key) {
        set(key, ACKED);
        acked.incrementAndGet();
    }

    public void unknown(long key) {
        set(key, UNKNOWN);
        unknown.incrementAndGet();
    }

    public void failed(long key) {
        set(key, FAILED);
        failed.incrementAndGet();
    }

    /** Outcomes recorded so far, by kind: the workload's own counts, to set beside the engine's. */
    public long acknowledgedCount() { return acked.get(); }

    public long unknownCount() { return unknown.get(); }

    public long failedCount() { return failed.get(); }

    private void set(long key, byte state) {
        byte[] chunk = chunks.get((int) (key >>> CHUNK_BITS));
        int i = (int) (key & (CHUNK - 1));
        if (chunk[i] != PENDING) throw new IllegalStateException("write " + key + " already has an outcome");
        chunk[i] = state;
    }

    /**
     * Classifies every key against the keys the target holds.
     *
     * @param presentKeys calls its argument once for every key the target holds
     */
    public Check check(java.util.function.Consumer<LongConsumer> presentKeys) {
        long keys = next.get();
        java.util.BitSet present = new java.util.BitSet();
        long[] unexpected = {0};
        presentKeys.accept(k -> {
            if (k < 1 || k > keys) unexpected[0]++;
            else present.set(Math.toIntExact(k));
        });
        long ack = 0, lost = 0, up = 0, ua = 0, fp = 0, pending = 0;
        List<Long> sample = new ArrayList<>();
        for (long k = 1; k <= keys; k++) {
            byte s = chunks.get((int) (k >>> CHUNK_BITS))[(int) (k & (CHUNK - 1))];
            boolean has = present.get((int) k);
            switch (s) {
                case ACKED -> {
                    ack++;
                    if (!has) {
                        lost++;
                        if (sample.size() < 10) sample.add(k);
                    }
                }
                case UNKNOWN -> {
                    if (has) up++;
                    else ua++;
                }
                case FAILED -> {
                    if (has) fp++;
                }
                default -> pending++;
            }
        }
        return new Check(keys, ack, lost, up, ua, fp, pending, unexpected[0], List.copyOf(sample));
    }
}
