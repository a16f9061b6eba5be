package dev.stampede.core.advisor;

/**
 * One concrete recommendation and the evidence that triggered it. There is no recommendation without
 * evidence. Immutable.
 *
 * @param severity high, medium or low
 * @param evidence the measured facts, with numbers
 * @param action   what to change, concretely
 */
public record Recommendation(String severity, String title, String evidence, String action) {
}
