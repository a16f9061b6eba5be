package dev.stampede.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs the CLI in-process with a pinned environment and captures what it prints. */
record Cli(int code, String out, String err) {
    static final String PG = System.getenv().getOrDefault("STAMPEDE_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test");

    static synchronized Cli run(Map<String, String> env, String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.execute(env, args);
            return new Cli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static Cli run(String... args) {
        return run(Map.of(), args);
    }

    /** Everything the user saw. */
    String all() {
        return out + err;
    }
}
