package dev.stampede.cli;

import dev.stampede.core.config.ConfigBinder;
import dev.stampede.core.config.Durations;
import dev.stampede.core.config.RunConfig;
import dev.stampede.core.config.ScenarioSpec;
import dev.stampede.core.target.TargetProvider;
import dev.stampede.core.target.TargetRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code stampede scenarios}: lists every scenario 'run --scenarios' accepts, grouped by the target whose
 * workload it runs, in listing order (presets, the targets' own, then the config file's in file order), then
 * the scenario sets. Columns are sized to their content.
 */
@Command(name = "scenarios", mixinStandardHelpOptions = true, description = "List the scenarios that 'run --scenarios' accepts, by target.")
public final class ScenariosCommand extends NeedsEnvironment implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Also list this config file's scenarios.")
    Path config;

    @Override
    public Integer call() {
        TargetRegistry registry = TargetRegistry.discover();
        RunConfig rc = ConfigBinder.load(config, env, List.of(), registry);
        PrintWriter out = spec.commandLine().getOut();
        Map<String, List<String[]>> byTarget = new LinkedHashMap<>();
        for (TargetProvider p : registry.providers()) byTarget.put(p.name(), new ArrayList<>());
        for (ScenarioSpec s : rc.scenarios().values()) {
            String workload = ConfigBinder.workloadOf(s, rc.workload());
            String owner = registry.ownerOf(workload).map(TargetProvider::name).orElse("?");
            String d = s.duration() != null ? Durations.format(s.duration()) : s.phases().isEmpty() ? s.iterations() + " it." : "phases";
            byTarget.computeIfAbsent(owner, k -> new ArrayList<>()).add(new String[]{s.name(), Integer.toString(s.connections()), d,
                    workload, s.description() + (s.qpsTarget() > 0 ? " (open model, " + s.qpsTarget() + "/s)" : "")});
        }
        String[] head = {"NAME", "USERS", "DURATION", "WORKLOAD", "DESCRIPTION"};
        int[] w = new int[head.length];
        for (int i = 0; i < head.length; i++) w[i] = head[i].length();
        for (List<String[]> rows : byTarget.values()) {
            for (String[] r : rows) for (int i = 0; i < r.length - 1; i++) w[i] = Math.max(w[i], r[i].length());
        }
        boolean first = true;
        for (Map.Entry<String, List<String[]>> e : byTarget.entrySet()) {
            if (e.getValue().isEmpty()) continue;
            if (!first) out.println();
            first = false;
            String description = registry.byName(e.getKey()).map(TargetProvider::description).orElse("no target in this build");
            out.println(e.getKey() + " (" + description + ")");
            row(out, w, head);
            for (String[] r : e.getValue()) row(out, w, r);
        }
        out.println();
        out.println("Sets (expand to their scenarios, in order):");
        rc.sets().forEach((name, members) -> out.println("  " + name + ": " + String.join(" ", members)));
        out.flush();
        return ExitCodes.PASSED;
    }

    private static void row(PrintWriter out, int[] w, String[] cells) {
        StringBuilder b = new StringBuilder("  ");
        for (int i = 0; i < cells.length; i++) {
            boolean numeric = i == 1;
            String c = cells[i];
            if (i == cells.length - 1) b.append(c);
            else if (numeric) b.append(" ".repeat(w[i] - c.length())).append(c).append("  ");
            else b.append(c).append(" ".repeat(w[i] - c.length())).append("  ");
        }
        out.println(b.toString().stripTrailing());
    }
}
