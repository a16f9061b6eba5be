package dev.stampede.core.fault;

import java.util.List;

/**
 * The combined effect of the faults active on one {@link FaultProxy}, recomputed on every change: latencies and
 * jitters add up per direction, the lowest bandwidth wins (0 = unlimited), the smallest close-after budget wins
 * (-1 = none). Immutable.
 */
record FaultEffect(long delayUp, long jitterUp, long delayDown, long jitterDown, long bpsUp, long bpsDown,
                         boolean blackhole, boolean refuse, boolean reset, long closeAfter) {
    static final FaultEffect NONE = new FaultEffect(0, 0, 0, 0, 0, 0, false, false, false, -1);

    static FaultEffect of(List<Fault> faults) {
        long du = 0, ju = 0, dd = 0, jd = 0, bu = 0, bd = 0, ca = -1;
        boolean bh = false, rf = false, rs = false;
        for (Fault f : faults) {
            switch (f) {
                case Fault.Latency l -> {
                    if (l.direction().covers(true)) { du += l.delay().toNanos(); ju += l.jitter().toNanos(); }
                    if (l.direction().covers(false)) { dd += l.delay().toNanos(); jd += l.jitter().toNanos(); }
                }
                case Fault.Bandwidth b -> {
                    if (b.direction().covers(true)) bu = bu == 0 ? b.bytesPerSecond() : Math.min(bu, b.bytesPerSecond());
                    if (b.direction().covers(false)) bd = bd == 0 ? b.bytesPerSecond() : Math.min(bd, b.bytesPerSecond());
                }
                case Fault.Blackhole ignored -> bh = true;
                case Fault.Refuse ignored -> rf = true;
                case Fault.Reset ignored -> rs = true;
                case Fault.CloseAfter c -> ca = ca < 0 ? c.bytes() : Math.min(ca, c.bytes());
                case Fault.Server ignored -> { }   // applied by the target's server, not the proxy
            }
        }
        return new FaultEffect(du, ju, dd, jd, bu, bd, bh, rf, rs, ca);
    }
}

