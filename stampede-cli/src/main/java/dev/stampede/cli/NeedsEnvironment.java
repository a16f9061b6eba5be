package dev.stampede.cli;

import java.util.Map;

/** A command that reads environment variables, handed them by {@link Main} (so tests can pin them). */
interface NeedsEnvironment {
    void environment(Map<String, String> env);
}
