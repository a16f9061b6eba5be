package dev.stampede.celery;

import dev.stampede.core.config.ConfigException;
import dev.stampede.core.util.Secrets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A local Celery worker for the probe tasks: Debian's {@code /usr/bin/python3 -m celery -A stampede_probe worker},
 * with the probe module Stampede ships extracted to a temporary directory, consuming Stampede's queue. Started for the
 * embedded default (and with {@code celery.worker: local}); stopped on {@link #close()} (SIGTERM, then SIGKILL of the
 * worker and its pool processes after a few seconds) and, as a last resort, by a shutdown hook on Ctrl-C. Not
 * thread-safe, except {@link #exitMessage()}.
 */
public final class LocalWorker implements AutoCloseable {
    static final String PYTHON = System.getProperty("stampede.python", "/usr/bin/python3");
    /** What to run when the packages are missing. */
    public static final String INSTALL = "sudo apt-get install python3-celery python3-redis python3-amqp";
    private final Process process;
    private final Path dir;
    private final Path log;
    private final Thread hook;
    private volatile boolean closing;

    private LocalWorker(Process process, Path dir, Path log) {
        this.process = process;
        this.dir = dir;
        this.log = log;
        this.hook = new Thread(this::kill, "stampede-celery-worker-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The probe module's source, as shipped in the jar. */
    public static byte[] probeSource() throws IOException {
        try (InputStream in = LocalWorker.class.getResourceAsStream("/stampede_probe.py")) {
            if (in == null) throw new IOException("stampede_probe.py is missing from the class path");
            return in.readAllBytes();
        }
    }

    /** Null when Debian's Celery is importable, else what is missing and how to install it. */
    public static String missing() {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import celery, redis").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return PYTHON + " did not answer within 20 s";
            }
            return p.exitValue() == 0 ? null : out.lines().reduce((a, b) -> b).orElse("import failed");
        } catch (IOException e) {
            return PYTHON + " cannot be run (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /**
     * Starts a worker and waits until it is ready (at most {@code readyTimeoutSeconds}).
     *
     * @param brokerUrl the broker as the worker should see it (with credentials; never printed)
     * @throws ConfigException when Celery is not installed or the worker does not come up, with its log's last lines
     */
    public static LocalWorker start(String brokerUrl, String backendUrl, String queue, int concurrency, int prefetch, String keyprefix,
                                    int readyTimeoutSeconds) throws IOException, InterruptedException {
        return start(brokerUrl, backendUrl, queue, concurrency, prefetch, keyprefix, readyTimeoutSeconds, false);
    }

    /** As {@link #start(String, String, String, int, int, String, int)}; {@code events} runs the worker with {@code -E}. */
    public static LocalWorker start(String brokerUrl, String backendUrl, String queue, int concurrency, int prefetch, String keyprefix,
                                    int readyTimeoutSeconds, boolean events) throws IOException, InterruptedException {
        String missing = missing();
        if (missing != null) {
            throw new ConfigException("no CELERY_BROKER_URL set, and the local Celery worker Stampede would start for its probe tasks "
                    + "cannot run: " + missing + ". Install Debian's Celery (" + INSTALL + "), or set CELERY_BROKER_URL to a broker with a "
                    + "running worker that loads stampede_probe (see docs/celery.md)");
        }
        Path dir = Files.createTempDirectory("stampede-celery-");
        Files.write(dir.resolve("stampede_probe.py"), probeSource());
        Path log = dir.resolve("worker.log");
        List<String> cmd = new ArrayList<>(List.of(PYTHON, "-m", "celery", "-A", "stampede_probe", "worker", "-Q", queue,
                "-c", Integer.toString(concurrency), "-P", "prefork", "-n", "stampede-" + ProcessHandle.current().pid() + "@%h",
                "--without-gossip", "--without-mingle", "--loglevel=INFO"));
        if (events) cmd.add("-E");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("PYTHONPATH", dir.toString());
        env.put("CELERY_BROKER_URL", brokerUrl);
        env.put("CELERY_RESULT_BACKEND", backendUrl);
        env.put("STAMPEDE_QUEUE", queue);
        env.put("STAMPEDE_PREFETCH", Integer.toString(prefetch));
        if (!keyprefix.isEmpty()) env.put("STAMPEDE_GLOBAL_KEYPREFIX", keyprefix);
        env.put("PYTHONUNBUFFERED", "1");
        env.put("STAMPEDE_QUIET_WORKER", "1");
        LocalWorker w = new LocalWorker(pb.start(), dir, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(readyTimeoutSeconds);
        while (System.nanoTime() < deadline) {
            String text = w.logText();
            if (text.contains(" ready.")) return w;
            if (!w.process.isAlive()) break;
            Thread.sleep(100);
        }
        String tail = w.logTail(8);
        boolean alive = w.process.isAlive();
        w.close();
        throw new ConfigException("the local Celery worker " + (alive ? "was not ready within " + readyTimeoutSeconds + " s" : "exited at start")
                + "; its log ends with: " + tail);
    }

    /** The worker's process id. */
    public long pid() { return process.pid(); }

    /** Null while the worker runs; once it has exited (and we did not stop it), what happened, for the no-consumer message. */
    public String exitMessage() {
        if (closing || process.isAlive()) return null;
        return "the local Celery worker (pid " + process.pid() + ") exited with code " + process.exitValue() + "; its log ends with: "
                + logTail(4);
    }

    String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** The last lines of the worker's log, one line, secrets masked. */
    String logTail(int lines) {
        List<String> all = logText().lines().filter(l -> !l.isBlank()).toList();
        return Secrets.redact(String.join(" | ", all.subList(Math.max(0, all.size() - lines), all.size())));
    }

    private void kill() {
        closing = true;
        if (process.isAlive()) {
            List<ProcessHandle> children = process.descendants().toList();
            process.destroy();
            try {
                if (!process.waitFor(3, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            for (ProcessHandle c : children) c.destroyForcibly();
        }
    }

    @Override
    public void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running
        }
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) Files.deleteIfExists(p);
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temporary directory; the OS cleans it
        }
    }
}
