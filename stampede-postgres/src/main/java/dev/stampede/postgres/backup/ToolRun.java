package dev.stampede.postgres.backup;

import dev.stampede.core.util.Secrets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one PostgreSQL client program (pg_dump, pg_restore) to completion and keeps what it printed. Credentials go
 * in the environment ({@code PGPASSWORD}), never on the command line, so that no {@code ps} listing and no error
 * message shows them; the captured output is passed through {@link Secrets#redact} before anyone sees it.
 *
 * @param exitCode the program's exit status
 * @param stdout   what it wrote to standard output, redacted
 * @param stderr   what it wrote to standard error, redacted
 * @param millis   wall time from start to exit
 */
record ToolRun(int exitCode, String stdout, String stderr, long millis) {

    /**
     * Runs {@code command} with {@code env} added to this process's environment and waits for it, at most
     * {@code timeoutSeconds}; a program still running then is killed and reported as exit code -1.
     *
     * @throws InterruptedException when this thread is interrupted; the program is killed first
     */
    static ToolRun run(List<String> command, Map<String, String> env, Path workDir, long timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        if (workDir != null) pb.directory(workDir.toFile());
        long start = System.nanoTime();
        Process p = pb.start();
        p.getOutputStream().close();
        Drain out = new Drain(p.getInputStream());
        Drain err = new Drain(p.getErrorStream());
        Thread to = Thread.ofPlatform().daemon().name("stampede-tool-out").start(out);
        Thread te = Thread.ofPlatform().daemon().name("stampede-tool-err").start(err);
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                to.join(2000);
                te.join(2000);
                return new ToolRun(-1, out.text(), err.text() + "\n(killed after " + timeoutSeconds + " s)",
                        (System.nanoTime() - start) / 1_000_000L);
            }
            to.join(5000);
            te.join(5000);
            return new ToolRun(p.exitValue(), out.text(), err.text(), (System.nanoTime() - start) / 1_000_000L);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            throw e;
        }
    }

    /** The last non-empty lines of standard error (at most {@code n}), joined with "; ", for a one-line message. */
    String lastErrorLines(int n) {
        List<String> lines = stderr.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return String.join("; ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    /** Reads a stream to its end into memory; the client programs print little. */
    private static final class Drain implements Runnable {
        private final InputStream in;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        Drain(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            try (in) {
                in.transferTo(buf);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String text() {
            synchronized (buf) {
                return Secrets.redact(buf.toString(StandardCharsets.UTF_8));
            }
        }
    }
}
