package dev.stampede.core.shard;

import dev.stampede.core.config.RatingBands;
import dev.stampede.core.config.Thresholds;

import java.util.List;
import java.util.Map;

/**
 * {@code plans.json}: the whole (unsharded) plans the shard is part of, the workloads' descriptions and the limits
 * they are judged by, so that a merge judges the merged numbers by the same rules as a one-process run. Immutable.
 *
 * @param plans {@link PlanJson#toMap} of each scenario, in run order
 */
public record BundlePlans(List<Map<String, Object>> plans, List<String> workloads, Thresholds thresholds,
                          RatingBands ratingBands) {
    public static final String FILE = "plans.json";
}
