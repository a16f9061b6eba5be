package dev.stampede.core.target;

import java.util.Map;

/**
 * One target's validated, immutable settings, as its {@link TargetProvider#bind} made them. Implementations
 * are records of the target module; the core only asks the two questions below.
 */
public interface TargetSettings {

    /** True when the user pointed Stampede at a real server (a URL was given), false for the embedded default. */
    boolean configured();

    /** The effective settings for the report's configuration echo; secrets masked. */
    Map<String, Object> echo();
}
