package dev.stampede.cli;

import dev.stampede.core.target.ClockReference;
import dev.stampede.core.target.Target;

import java.util.Map;
import java.util.Optional;

/**
 * This host's wall clock against the first target that offers a {@link ClockReference}: the best of
 * {@value #READINGS} readings (the one with the shortest round trip; offset at the round trip's middle, uncertainty
 * half of it, as NTP does). Stateless.
 */
final class ClockOffsets {
    static final int READINGS = 3;

    /** @param offsetMillis the reference's clock minus this host's, milliseconds */
    record Offset(String reference, long offsetMillis, long uncertaintyMillis) {
    }

    private ClockOffsets() {
    }

    /** The offset, or empty when no target offers a clock or it could not be read. */
    static Optional<Offset> measure(Map<String, Target> targets) {
        for (Target t : targets.values()) {
            Optional<ClockReference> ref = t.capability(ClockReference.class);
            if (ref.isEmpty()) continue;
            Offset best = null;
            for (int i = 0; i < READINGS; i++) {
                try {
                    ClockReference.Reading r = ref.get().readClock(System::currentTimeMillis);
                    Offset o = new Offset(ref.get().clockName(), r.reference() - (r.localBefore() + r.localAfter()) / 2,
                            (r.localAfter() - r.localBefore() + 1) / 2);
                    if (best == null || o.uncertaintyMillis() < best.uncertaintyMillis()) best = o;
                } catch (Exception e) {
                    break;   // no reading: the merge says the clocks could not be compared
                }
            }
            if (best != null) return Optional.of(best);
        }
        return Optional.empty();
    }
}
