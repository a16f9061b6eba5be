package dev.stampede.core.target;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Something a target does outside a load run, offered to the CLI under a verb such as {@code backup-verify}
 * ({@code stampede backup verify}). The CLI parses its flags into {@link #run}'s options and knows nothing else of
 * the target, so a target adds a tool without a change to the CLI beyond the verb.
 *
 * <p>Errors follow the house style: bad input is a {@link dev.stampede.core.config.ConfigException}, an
 * unreachable target a {@link dev.stampede.core.api.TargetUnreachableException}; neither carries a secret.
 * Implementations are stateless; one call does the whole job and cleans up what it created, also when interrupted.
 */
public interface TargetAction {

    /** The verb, for example {@code backup-verify}. */
    String name();

    /** One line for {@code --help}. */
    String description();

    /**
     * Runs the action against the configured target.
     *
     * @param settings  the target's bound section (its URL and names)
     * @param options   the CLI's flags by their long name without dashes ({@code dump}, {@code schema}); a flag
     *                  given several times has several values
     * @param out       where progress and the summary go
     * @param outputDir where a report file goes (created when missing)
     * @return a process exit code: 0 when the check passed, 1 when it ran and failed
     */
    int run(TargetSettings settings, Map<String, List<String>> options, PrintWriter out, Path outputDir) throws Exception;
}
