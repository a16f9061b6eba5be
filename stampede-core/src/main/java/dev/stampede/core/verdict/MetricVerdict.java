package dev.stampede.core.verdict;

/**
 * One checked metric. Immutable.
 *
 * @param limit      the threshold, or null when the metric is only rated
 * @param comparator "<=" (value must stay at or below limit) or ">="
 * @param rating     seed 000's band (Excellent / Good / Acceptable / Poor, High / Low...), or null
 * @param reason     why it has this status, in one sentence
 */
public record MetricVerdict(String metric, String label, double value, String unit, Double limit, String comparator,
                            Status status, String rating, String reason) {
}
