package dev.stampede.cli;

import picocli.CommandLine;

import java.util.Arrays;

/** Entry point: sets up logging before any library logs, runs the command and exits with its code. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        configureLogging(isVerbose(args));
        System.exit(execute(args));
    }

    static boolean isVerbose(String[] args) {
        return Arrays.asList(args).contains("--verbose") || Arrays.asList(args).contains("-v");
    }

    /**
     * Library logs (HikariCP, zonky) go to stderr only with --verbose: without it Stampede's own
     * one-line messages say what went wrong, and a library's stack trace would only bury them.
     */
    static void configureLogging(boolean verbose) {
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "error");
        if (!verbose) {
            System.setProperty("org.slf4j.simpleLogger.log.com.zaxxer.hikari", "off");
            System.setProperty("org.slf4j.simpleLogger.log.io.zonky", "off");
        }
    }

    /** Runs the command line and returns the exit code, without exiting. */
    public static int execute(String... args) {
        return execute(System.getenv(), args);
    }

    /** As {@link #execute(String...)} with the given environment in place of the process's (tests pin it). */
    public static int execute(java.util.Map<String, String> env, String... args) {
        CommandLine cl = new CommandLine(new StampedeCommand(), new EnvFactory(env));
        boolean verbose = isVerbose(args);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> Failures.report(ex, verbose, cmd.getErr()));
        cl.setParameterExceptionHandler((ex, a) -> {
            var err = ex.getCommandLine().getErr();
            err.println("stampede: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for the options.");
            return ExitCodes.BAD_INPUT;
        });
        return cl.execute(args);
    }

    /** Hands the environment to the commands that read it. */
    private record EnvFactory(java.util.Map<String, String> env) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            K k = CommandLine.defaultFactory().create(cls);
            if (k instanceof NeedsEnvironment n) n.environment(env);
            return k;
        }
    }
}
