package dev.stampede.cli;

import dev.stampede.core.report.ScenarioReport;

/**
 * Names the runs of a repeated scenario ({@code --repeat N}): run k of {@code quick} is reported as {@code quick#k},
 * which {@link dev.stampede.core.compare.ReportReader} reads back as one run of {@code quick}.
 */
final class Repetitions {
    private Repetitions() {
    }

    static ScenarioReport named(ScenarioReport r, int round) {
        return new ScenarioReport(r.name() + "#" + round, r.description(), r.workload(), r.load(), r.phases(), r.startedAt(),
                r.plannedSeconds(), r.elapsedSeconds(), r.measuredSeconds(), r.partial(), r.stopReason(), r.verdict(), r.totals(),
                r.operations(), r.startLag(), r.droppedArrivals(), r.verdicts(), r.recommendations(), r.monitors(), r.extras(),
                r.timeseries(), r.latencyFrom(), r.stopDetail(), r.stalls());
    }

    /** The same report with other {@code extras} (the windows of {@code run --windows}). */
    static ScenarioReport withExtras(ScenarioReport r, java.util.Map<String, Object> extras) {
        return new ScenarioReport(r.name(), r.description(), r.workload(), r.load(), r.phases(), r.startedAt(),
                r.plannedSeconds(), r.elapsedSeconds(), r.measuredSeconds(), r.partial(), r.stopReason(), r.verdict(), r.totals(),
                r.operations(), r.startLag(), r.droppedArrivals(), r.verdicts(), r.recommendations(), r.monitors(), extras,
                r.timeseries(), r.latencyFrom(), r.stopDetail(), r.stalls());
    }
}
