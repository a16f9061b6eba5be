package dev.stampede.core.engine;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class RunControlTest {
    @Test
    void aTargetLossIsIgnoredOnlyWhileExcusedAndOtherStopsNever() {
        RunControl c = new RunControl();
        AtomicBoolean outage = new AtomicBoolean(true);
        c.excuseTargetLoss(outage::get);
        c.stop(StopReason.TARGET_LOST);
        assertFalse(c.isStopped(), "inside a fault window");
        outage.set(false);
        c.stop(StopReason.TARGET_LOST);
        assertEquals(StopReason.TARGET_LOST, c.stopReason());

        RunControl d = new RunControl();
        d.excuseTargetLoss(() -> true);
        d.stop(StopReason.INTERRUPTED);
        assertEquals(StopReason.INTERRUPTED, d.stopReason(), "only a lost target is excused");
        RunControl e = new RunControl();
        e.excuseTargetLoss(() -> true);
        e.excuseTargetLoss(null);
        e.stop(StopReason.TARGET_LOST);
        assertEquals(StopReason.TARGET_LOST, e.stopReason(), "cleared");
    }
}
