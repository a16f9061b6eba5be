package dev.stampede.core.report;

import dev.stampede.core.engine.LoadModel;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.Stages;
import dev.stampede.core.metrics.IntervalRow;
import dev.stampede.core.metrics.MetricsCollector;
import dev.stampede.core.target.ReportSection;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Planned against achieved load, stage by stage, for phases with {@link Stages} (ramping users or a ramping arrival
 * rate): the extra {@value #KEY}. Planned is the stages' mean over the stage (users, or arrivals per second); achieved
 * is the attempts that ended in the stage's whole seconds of the per-second series, per second. For the open model the
 * two should match unless the generator or {@code max_in_flight} fell behind (then dropped arrivals say so); for ramping
 * users achieved is the throughput those users reached. Stateless.
 */
public final class LoadStagesSection implements ReportSection {
    public static final String KEY = "load_stages";
    public static final LoadStagesSection INSTANCE = new LoadStagesSection();

    /**
     * One stage of one phase.
     *
     * @param unit            "users" (closed model) or "arrivals/s" (open model)
     * @param fromSecond      stage start, seconds since the phase started
     * @param toSecond        stage end, seconds since the phase started
     * @param planned         mean target over the stage (users, or arrivals per second)
     * @param achievedPerSec  attempts per second that ended in the stage's whole seconds; null when the run did not reach it
     */
    public record Row(String phase, int stage, String unit, double fromSecond, double toSecond, double fromTarget, double toTarget,
                      double planned, Double achievedPerSec) {
    }

    private LoadStagesSection() {
    }

    /**
     * The rows for the phases with stages, or none. Phases are placed one after another by their planned durations
     * (a phase with stages lasts its stages' total).
     */
    public static List<Row> rows(List<PhasePlan> phases, List<IntervalRow> series) {
        List<Row> out = new ArrayList<>();
        double offset = 0;
        for (PhasePlan p : phases) {
            Stages st = switch (p.model()) {
                case LoadModel.Closed c -> c.stages();
                case LoadModel.Open o -> o.rateStages();
            };
            String unit = p.model() instanceof LoadModel.Closed ? "users" : "arrivals/s";
            if (st != null) {
                long t0 = 0;
                double a = st.start();
                for (int i = 0; i < st.stages().size(); i++) {
                    Stages.Stage s = st.stages().get(i);
                    long t1 = t0 + s.duration().toNanos();
                    double from = offset + t0 / 1e9, to = offset + t1 / 1e9;
                    out.add(new Row(p.name(), i + 1, unit, t0 / 1e9, t1 / 1e9, a, s.target(),
                            st.integral(t0, t1) / ((t1 - t0) / 1e9), achieved(series, p.name(), from, to)));
                    t0 = t1;
                    a = s.target();
                }
            }
            offset += p.duration() == null ? 0 : p.duration().toNanos() / 1e9;
        }
        return out;
    }

    /** Attempts per second over the series' rows of {@code phase} whose second ends inside (from, to]. */
    private static Double achieved(List<IntervalRow> series, String phase, double from, double to) {
        long n = 0;
        int rows = 0;
        for (IntervalRow r : series) {
            if (!MetricsCollector.ALL.equals(r.operation()) || !phase.equals(r.phase())) continue;
            if (r.second() > from + 1e-6 && r.second() <= to + 1e-6) {
                n += r.ok() + r.failed() + r.unknown();
                rows++;
            }
        }
        return rows == 0 ? null : (double) n / rows;
    }

    /** Adds the extra to {@code extras} when a phase has stages. */
    public static void addTo(Map<String, Object> extras, List<PhasePlan> phases, List<IntervalRow> series) {
        List<Row> rows = rows(phases, series);
        if (!rows.isEmpty()) extras.put(KEY, rows);
    }

    @Override public String key() { return KEY; }

    @SuppressWarnings("unchecked")
    private static List<Row> cast(Object extra) {
        return extra instanceof List<?> l ? (List<Row>) l : List.of();
    }

    @Override
    public void markdown(Object extra, StringBuilder b) {
        List<Row> rows = cast(extra);
        if (rows.isEmpty()) return;
        b.append("### Load stages: planned and achieved\n\n")
                .append("| Phase | Stage | Window | Target | Planned (mean) | Achieved attempts/s |\n|---|---:|---|---|---:|---:|\n");
        for (Row r : rows) {
            b.append("| ").append(r.phase()).append(" | ").append(r.stage()).append(" | ").append(window(r)).append(" | ")
                    .append(target(r)).append(" | ").append(Fmt.d2(r.planned())).append(' ').append(r.unit()).append(" | ")
                    .append(r.achievedPerSec() == null ? "not reached" : Fmt.d2(r.achievedPerSec())).append(" |\n");
        }
        b.append("\nAchieved: attempts that ended in the stage's whole seconds of the per-second series.\n\n");
    }

    @Override
    public void html(Object extra, HtmlOut out) {
        List<Row> rows = cast(extra);
        if (rows.isEmpty()) return;
        out.subheading("Load stages: planned and achieved");
        List<List<?>> cells = new ArrayList<>();
        for (Row r : rows) {
            cells.add(List.of(r.phase(), HtmlOut.num(r.stage(), Integer.toString(r.stage())), window(r), target(r),
                    HtmlOut.num(r.planned(), Fmt.d2(r.planned()) + " " + r.unit()),
                    r.achievedPerSec() == null ? "not reached" : HtmlOut.num(r.achievedPerSec(), Fmt.d2(r.achievedPerSec()))));
        }
        out.table(List.of("Phase", "Stage", "Window", "Target", "Planned (mean)", "Achieved attempts/s"), cells);
        out.paragraph("Achieved: attempts that ended in the stage's whole seconds of the per-second series.");
    }

    private static String window(Row r) {
        return Fmt.seconds(r.fromSecond()) + " - " + Fmt.seconds(r.toSecond());
    }

    private static String target(Row r) {
        return r.fromTarget() == r.toTarget() ? String.format(Locale.ROOT, "%s held", Fmt.num(r.toTarget()))
                : Fmt.num(r.fromTarget()) + " -> " + Fmt.num(r.toTarget());
    }

}
