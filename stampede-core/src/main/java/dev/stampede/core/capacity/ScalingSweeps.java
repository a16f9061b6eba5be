package dev.stampede.core.capacity;

import dev.stampede.core.engine.LoadModel;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.report.ScenarioReport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds closed-model concurrency sweeps among a run's scenarios and attaches their USL fit ({@link ScalingReport}) to
 * the sweep's largest scenario, under {@link #KEY}. A sweep is the scenarios named {@code PREFIX-cN} (the query
 * suite's {@code repo-reads-c1/5/10/20}, or a user's own) whose recorded phases are all closed-model with N users, at
 * least three distinct N, completed. Stateless.
 */
public final class ScalingSweeps {
    /** The extras key: report.json's {@code scaling} object. */
    public static final String KEY = "scaling";
    private static final Pattern NAME = Pattern.compile("(.+)-c(\\d+)");

    private ScalingSweeps() {
    }

    /** {@code reports} (parallel to {@code runs}, same order) with each sweep's fit on its largest scenario. */
    public static List<ScenarioReport> annotate(List<ScenarioRun> runs, List<ScenarioReport> reports) {
        if (runs.size() != reports.size()) return reports;
        Map<String, List<Integer>> sweeps = new LinkedHashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            ScenarioRun run = runs.get(i);
            Matcher m = NAME.matcher(reports.get(i).name());
            if (!m.matches() || run.partial() || users(run) != Integer.parseInt(m.group(2))) continue;
            sweeps.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(i);
        }
        List<ScenarioReport> out = new ArrayList<>(reports);
        sweeps.forEach((prefix, idx) -> {
            if (idx.stream().map(i -> users(runs.get(i))).distinct().count() < 3) return;
            List<ScalingReport.Point> points = new ArrayList<>();
            int largest = idx.get(0);
            for (int i : idx) {
                points.add(new ScalingReport.Point(reports.get(i).name(), users(runs.get(i)), runs.get(i).metrics().all().throughputPerSec()));
                if (users(runs.get(i)) > users(runs.get(largest))) largest = i;
            }
            points.sort(java.util.Comparator.comparingInt(ScalingReport.Point::concurrency));
            out.set(largest, ReportCopies.withExtra(out.get(largest), KEY, ScalingReport.of(prefix, points)));
        });
        return out;
    }

    /** The users of every recorded phase when they are all closed-model and agree; -1 otherwise. */
    static int users(ScenarioRun run) {
        int users = -1;
        for (PhasePlan p : run.plan().phases()) {
            if (!p.recorded()) continue;
            if (!(p.model() instanceof LoadModel.Closed c)) return -1;
            if (users != -1 && users != c.users()) return -1;
            users = c.users();
        }
        return users;
    }
}
