package dev.stampede.core.target;

import dev.stampede.core.config.RunConfig;

import java.io.PrintWriter;
import java.util.List;

/**
 * What a target may use while it opens and runs: the run's configuration, the console, and the run's notes
 * (remarks that go into every report). Confined to the session thread.
 */
public record SessionContext(RunConfig config, PrintWriter out, List<String> notes) {

    /** Prints a remark and keeps it for the reports. */
    public void note(String line) {
        notes.add(line);
        out.println("note: " + line);
        out.flush();
    }
}
