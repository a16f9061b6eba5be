package dev.stampede.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs the CLI in-process with a pinned environment and captures what it prints. */
record Cli(int code, String out, String err) {
    static final String PG = System.getenv().getOrDefault("STAMPEDE_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test");
    /** {@link #PG} as a JDBC URL, for the tests' own side connections (user postgres). */
    static final String JDBC = "jdbc:" + PG.replace("postgresql://postgres@", "postgresql://");

    /** A side connection to the service, as user postgres. */
    static java.sql.Connection connect() throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection(JDBC, "postgres", null);
    }

    /** Drops a schema a test's runs created (tests use schemas of their own, never Stampede's default). */
    static void dropSchema(String schema) throws java.sql.SQLException {
        try (var c = connect(); var s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

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
