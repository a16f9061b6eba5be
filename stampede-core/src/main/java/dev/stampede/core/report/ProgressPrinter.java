package dev.stampede.core.report;

import dev.stampede.core.engine.ProgressListener;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The live progress line. On a terminal it rewrites one line every interval; otherwise (CI logs,
 * pipes) it prints a plain line every {@code plainEverySeconds}. Called from the sampler thread only.
 */
public final class ProgressPrinter implements ProgressListener {
    private final PrintWriter out;
    private final boolean terminal;
    private final double plainEverySeconds;
    private double lastPlain = -1;
    private boolean lineOpen;

    public ProgressPrinter(PrintWriter out, boolean terminal, double plainEverySeconds) {
        this.out = out;
        this.terminal = terminal;
        this.plainEverySeconds = plainEverySeconds;
    }

    @Override
    public void onTick(Snapshot s) {
        String remaining = s.plannedSeconds() > 0
                ? String.format(Locale.ROOT, "%4.0fs left", Math.max(0, s.plannedSeconds() - s.elapsedSeconds())) : "";
        String line = String.format(Locale.ROOT, "[%s/%s] %5.0fs  %8.1f ops/s  p95 %7s ms  errors %s  %s",
                s.scenario(), s.phase(), s.elapsedSeconds(), s.okPerSecond(), Fmt.ms(s.p95Ms()), Fmt.count(s.errorsSoFar()), remaining);
        if (terminal) {
            out.print("\r" + line + "   ");
            out.flush();
            lineOpen = true;
        } else if (lastPlain < 0 || s.elapsedSeconds() - lastPlain >= plainEverySeconds) {
            lastPlain = s.elapsedSeconds();
            out.println(line);
        }
    }

    @Override
    public void onScenarioEnd(String scenario) {
        if (lineOpen) {
            out.println();
            lineOpen = false;
        }
        lastPlain = -1;
    }
}
