package dev.stampede.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium, headless, for tests of pages Stampede writes: loads a local file, lets its scripts run
 * (virtual time), and returns the DOM after them plus every message the page logged to its console. Each call
 * uses a fresh user-data directory and ends its browser process. The flags are the ones this machine needs
 * (without the networking ones Chromium stalls on refused connections).
 */
final class HeadlessChromium {
    /** What one load produced: the serialized DOM after the scripts ran, and the console's messages. */
    record Page(String dom, List<String> console) {
    }

    private HeadlessChromium() {
    }

    static Path binary() {
        String env = System.getenv("STAMPEDE_CHROMIUM");
        for (String c : new String[]{env, "/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
            if (c != null && Files.isExecutable(Path.of(c))) return Path.of(c);
        }
        throw new AssertionError("headless Chromium is needed for this test and was not found; run scripts/setup-test-tools.sh "
                + "(as root it installs Debian's chromium package) or set STAMPEDE_CHROMIUM to the browser's path");
    }

    private static List<String> command(Path work, String... extra) {
        List<String> cmd = new ArrayList<>(List.of(binary().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + work.resolve("profile-" + System.nanoTime()), "--enable-logging=stderr", "--v=0",
                "--virtual-time-budget=8000", "--window-size=1400,2600"));
        cmd.addAll(List.of(extra));
        return cmd;
    }

    private static Process run(List<String> cmd, Path out, Path err) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("Chromium did not finish within 90 s: " + cmd);
        }
        return p;
    }

    /** Loads {@code page} and returns its DOM after the scripts ran and its console messages. */
    static Page load(Path page, Path work) throws IOException, InterruptedException {
        Files.createDirectories(work);
        Path out = work.resolve("dom.html"), err = work.resolve("chromium.log");
        Process p = run(command(work, "--dump-dom", page.toUri().toString()), out, err);
        if (p.exitValue() != 0) throw new AssertionError("Chromium exited with " + p.exitValue() + ": " + Files.readString(err));
        List<String> console = Files.readAllLines(err).stream().filter(l -> l.contains(":CONSOLE")).toList();
        return new Page(Files.readString(out), console);
    }

    /** Renders {@code page} to a PNG screenshot at {@code png}. */
    static void screenshot(Path page, Path png, Path work) throws IOException, InterruptedException {
        Files.createDirectories(work);
        Process p = run(command(work, "--screenshot=" + png, "--hide-scrollbars", page.toUri().toString()),
                work.resolve("shot.out"), work.resolve("shot.log"));
        if (p.exitValue() != 0 || !Files.exists(png)) {
            throw new AssertionError("Chromium made no screenshot: " + Files.readString(work.resolve("shot.log")));
        }
    }
}
