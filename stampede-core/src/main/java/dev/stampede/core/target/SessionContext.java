package dev.stampede.core.target;

import dev.stampede.core.config.RunConfig;
import dev.stampede.core.fault.FaultRoutes;

import java.io.PrintWriter;
import java.util.List;

/**
 * What a target may use while it opens and runs: the run's configuration, the console, the run's notes
 * (remarks that go into every report) and the routes to the servers ({@link FaultRoutes#route}: a target asks it
 * where its load connections go, so that a scenario's network faults can be put between them, and registers its
 * server-side faults there). Confined to the session thread, except {@code routes}, which is thread-safe.
 */
public record SessionContext(RunConfig config, PrintWriter out, List<String> notes, FaultRoutes routes) {

    /** A context whose targets connect directly (no scenario puts faults on them). */
    public SessionContext(RunConfig config, PrintWriter out, List<String> notes) {
        this(config, out, notes, FaultRoutes.direct());
    }

    /** Prints a remark and keeps it for the reports. */
    public void note(String line) {
        notes.add(line);
        out.println("note: " + line);
        out.flush();
    }
}
