package dev.stampede.core.fault;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WriteLedgerTest {
    @Test
    void classifiesEveryKeyOnceAgainstWhatTheTargetHolds() {
        WriteLedger l = new WriteLedger();
        long a1 = l.nextKey(), a2 = l.nextKey(), u1 = l.nextKey(), u2 = l.nextKey(), f1 = l.nextKey(), f2 = l.nextKey(), p = l.nextKey();
        l.acknowledged(a1);
        l.acknowledged(a2);
        l.unknown(u1);
        l.unknown(u2);
        l.failed(f1);
        l.failed(f2);
        // the target holds a1 (a2 was lost), u1 (u2 did not happen), f2 (reported failed, happened anyway), and a stranger
        WriteLedger.Check c = l.check(sink -> List.of(a1, u1, f2, 999L).forEach(sink::accept));
        assertEquals(7, c.keys());
        assertEquals(2, c.acknowledged());
        assertEquals(1, c.lost());
        assertEquals(List.of(a2), c.lostSample());
        assertEquals(1, c.unknownPresent());
        assertEquals(1, c.unknownAbsent());
        assertEquals(1, c.failedPresent());
        assertEquals(1, c.pending(), "key " + p + " never got an outcome");
        assertFalse(c.accountsForEveryKey());
        assertEquals(1, c.unexpected());
        assertEquals(2, l.acknowledgedCount());
        assertEquals(2, l.unknownCount());
        assertEquals(2, l.failedCount());
    }

    @Test
    void anOutcomeIsRecordedOnceAndKeysCrossChunks() {
        WriteLedger l = new WriteLedger();
        long k = l.nextKey();
        l.acknowledged(k);
        assertThrows(IllegalStateException.class, () -> l.unknown(k));
        for (int i = 0; i < 200_000; i++) l.acknowledged(l.nextKey());
        WriteLedger.Check c = l.check(sink -> {
            for (long i = 1; i <= 200_001; i++) sink.accept(i);
        });
        assertEquals(200_001, c.acknowledged());
        assertEquals(0, c.lost());
    }
}
