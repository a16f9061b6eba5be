package dev.stampede.core.advisor;

import dev.stampede.core.config.Thresholds;

/**
 * What rules may need besides the run itself.
 *
 * @param poolMax the connection pool's maximum size during the scenario, 0 when unknown
 */
public record AdvisorContext(Thresholds thresholds, int poolMax) {
}
