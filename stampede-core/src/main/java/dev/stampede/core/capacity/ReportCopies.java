package dev.stampede.core.capacity;

import dev.stampede.core.report.ScenarioReport;
import dev.stampede.core.verdict.MetricVerdict;
import dev.stampede.core.verdict.Status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Copies of an immutable {@link ScenarioReport} with one thing changed. Stateless. */
public final class ReportCopies {
    private ReportCopies() {
    }

    /** {@code r} with {@code value} added to its extras under {@code key}. */
    public static ScenarioReport withExtra(ScenarioReport r, String key, Object value) {
        return with(r, r.name(), r.description(), r.verdicts(), r.verdict(), key, value);
    }

    /**
     * {@code r} renamed, described anew, with {@code verdict} added to its verdicts (the scenario's status the worst of
     * them) and {@code value} under {@code key} in its extras.
     */
    public static ScenarioReport renamed(ScenarioReport r, String name, String description, MetricVerdict verdict, String key,
                                         Object value) {
        List<MetricVerdict> verdicts = new ArrayList<>(r.verdicts());
        verdicts.add(verdict);
        Status status = r.verdict().worst(verdict.status());
        return with(r, name, description, verdicts, status, key, value);
    }

    private static ScenarioReport with(ScenarioReport r, String name, String description, List<MetricVerdict> verdicts, Status status,
                                       String key, Object value) {
        Map<String, Object> extras = new LinkedHashMap<>(r.extras());
        extras.put(key, value);
        return new ScenarioReport(name, description, r.workload(), r.load(), r.phases(), r.startedAt(), r.plannedSeconds(),
                r.elapsedSeconds(), r.measuredSeconds(), r.partial(), r.stopReason(), status, r.totals(), r.operations(),
                r.startLag(), r.droppedArrivals(), verdicts, r.recommendations(), r.monitors(), extras, r.timeseries(),
                r.latencyFrom(), r.stopDetail(), r.stalls());
    }
}
