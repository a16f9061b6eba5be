package dev.stampede.core.capacity;

import java.util.List;

/**
 * A finished capacity search. Immutable.
 *
 * @param status           how it ended
 * @param sustainableRate  the highest rate that passed, arrivals per second; null when the search gives no figure
 *                         (no rate passed, the generator was the bottleneck, the run was stopped)
 * @param bracketLow       the bracket's lower end (the highest pass); null when none passed
 * @param bracketHigh      its upper end: the lowest rate that failed, or for a generator-bound search the rate at
 *                         which the generator became the limit; null when none did
 * @param firstFailingRate the lowest rate that failed on a target's account; null when none did
 * @param reason           why that rate failed (p99, errors, dropped arrivals, pool exhaustion, unstable,
 *                         generator-bound); null when nothing failed
 * @param summary          one sentence for the reports
 * @param confirmed        true when the answer held its confirmation probes
 * @param steps            every probe, in order
 */
public record CapacityOutcome(CapacitySearch.Status status, Double sustainableRate, Double bracketLow, Double bracketHigh,
                             Double firstFailingRate, String reason, String summary, boolean confirmed,
                             List<CapacitySearch.Step> steps) {
    public CapacityOutcome {
        steps = List.copyOf(steps);
    }
}
