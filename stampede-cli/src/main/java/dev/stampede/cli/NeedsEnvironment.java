package dev.stampede.cli;

import java.util.Map;

/**
 * Base of commands that read environment variables. {@link Main} hands them the environment, so that
 * tests can pin it; by default it is the process's.
 */
abstract class NeedsEnvironment {
    /** The environment the command reads (DATABASE_URL, DB_POOL_SIZE...). */
    protected Map<String, String> env = System.getenv();

    void environment(Map<String, String> env) {
        this.env = env;
    }
}
