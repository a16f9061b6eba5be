package dev.stampede.migration;

import dev.stampede.core.engine.NanoClock;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the user's command of a command phase while the load goes on: its output (stdout and stderr together) is read
 * line by line, and every line {@code STAMPEDE-PHASE: <name>} is a mark on the timeline, told to {@code onMark} at the
 * moment it is read. The command is killed at its timeout (its process tree: children first). Not thread-safe; one
 * run per instance, on the migration driver's thread.
 */
final class CommandRunner {
    static final Pattern MARK = Pattern.compile("^\\s*STAMPEDE-PHASE:\\s*(\\S.*?)\\s*$");

    /**
     * How the command ended.
     *
     * @param exitCode  null when it was killed at the timeout or could not start
     * @param timedOut  true when the timeout ended it
     * @param error     why it could not start; null when it started
     * @param lastLines its last output lines (up to 10), for the report
     */
    record Result(Integer exitCode, boolean timedOut, String error, double seconds, List<String> lastLines) {
    }

    private CommandRunner() {
    }

    /** The mark a line names, or null. */
    static String mark(String line) {
        Matcher m = MARK.matcher(line);
        return m.matches() ? m.group(1) : null;
    }

    static Result run(List<String> command, long timeoutNanos, NanoClock clock, Consumer<String> onMark) throws InterruptedException {
        long start = clock.nanoTime();
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(null, false, "could not start " + command.getFirst() + ": " + e.getMessage(), 0, List.of());
        }
        List<String> last = new ArrayList<>();
        Thread reader = Thread.ofPlatform().daemon().name("stampede-command-output").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    String mark = mark(line);
                    if (mark != null) onMark.accept(mark);
                    synchronized (last) {
                        last.add(line.length() > 300 ? line.substring(0, 300) : line);
                        if (last.size() > 10) last.removeFirst();
                    }
                }
            } catch (IOException ignored) {
                // the process was killed: its output ends here
            }
        });
        boolean done;
        try {
            done = p.waitFor(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            kill(p);
            throw e;
        }
        if (!done) kill(p);
        reader.join(2000);
        synchronized (last) {
            return new Result(done ? p.exitValue() : null, !done, null, (clock.nanoTime() - start) / 1e9, List.copyOf(last));
        }
    }

    private static void kill(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        if (!p.waitFor(2, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(2, TimeUnit.SECONDS);
        }
    }
}
