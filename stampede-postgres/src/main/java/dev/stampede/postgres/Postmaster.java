package dev.stampede.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops and starts the postmaster of a data directory Stampede made (the embedded server) without {@code pg_ctl},
 * which refuses to run as root: a fast shutdown is SIGINT to the pid in {@code postmaster.pid}, done when the server
 * removed that file; a start runs the {@code postgres} binary with the command line of {@code postmaster.opts}, as the
 * embedded server was started (under {@code unshare -U} when Stampede runs as root, as zonky does), and waits until
 * {@code postmaster.pid} says {@code ready}. Stateless; any thread.
 */
final class Postmaster {
    private Postmaster() {
    }

    /** The postmaster's pid from {@code postmaster.pid}, or -1 when no server runs in {@code data}. */
    static long pid(Path data) throws IOException {
        try {
            List<String> lines = Files.readAllLines(data.resolve("postmaster.pid"), StandardCharsets.UTF_8);
            return lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).strip());
        } catch (NoSuchFileException e) {
            return -1;
        } catch (NumberFormatException e) {
            throw new IOException("postmaster.pid in " + data + " does not start with a pid");
        }
    }

    /**
     * Fast shutdown (SIGINT: open sessions are ended, a shutdown checkpoint written) and waits up to {@code timeoutS}
     * for the server to finish; no effect when none runs.
     *
     * @throws IOException when it is still running after the timeout
     */
    static void stopFast(Path data, long timeoutS) throws IOException, InterruptedException {
        long pid = pid(data);
        if (pid < 0) return;
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(pid)).redirectErrorStream(true).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS)) kill.destroyForcibly();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
        while (System.nanoTime() < deadline) {
            boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            if (!alive || pid(data) < 0) return;
            Thread.sleep(20);
        }
        throw new IOException("the PostgreSQL server (pid " + pid + ") did not stop within " + timeoutS + " s of a fast shutdown");
    }

    /**
     * Starts the server of {@code data} again with {@code commandLine} (from postmaster.opts: the binary, then its
     * arguments), output appended to {@code log}, and waits up to {@code timeoutS} until it accepts connections.
     *
     * @throws IOException when it exited or was not ready in time (with the log's last lines)
     */
    static void start(Path data, List<String> commandLine, Path log, long timeoutS) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        // PostgreSQL refuses to run as root; the embedded server was started the same way (zonky runs it in a user
        // namespace, where the process is not root and the data directory is its own)
        if ("root".equals(System.getProperty("user.name"))) cmd.addAll(List.of("unshare", "-U"));
        cmd.addAll(commandLine);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) throw new IOException("the PostgreSQL server exited at start (exit " + p.exitValue() + "): " + tail(log));
            if (ready(data)) return;
            Thread.sleep(20);
        }
        throw new IOException("the PostgreSQL server was not ready within " + timeoutS + " s: " + tail(log));
    }

    /** True when postmaster.pid's status line (the 8th) says ready. */
    private static boolean ready(Path data) {
        try {
            List<String> lines = Files.readAllLines(data.resolve("postmaster.pid"), StandardCharsets.UTF_8);
            return lines.size() >= 8 && lines.get(7).strip().equals("ready");
        } catch (IOException e) {
            return false;
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
