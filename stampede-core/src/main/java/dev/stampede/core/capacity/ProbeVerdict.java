package dev.stampede.core.capacity;

/**
 * The judgement of one probe against the search's targets. Immutable.
 *
 * @param kind   what the search does with it
 * @param reason why a probe did not pass; null when it passed
 * @param detail one sentence with the figures behind the judgement
 */
public record ProbeVerdict(Kind kind, Reason reason, String detail) {

    /** What a probe's outcome means for the search. */
    public enum Kind {
        /** Within every target: the rate is sustainable. */
        PASS,
        /** Over a target: the rate is not sustainable. */
        FAIL,
        /** Within the targets so far but latency still rising at the end: probe again, longer. */
        RISING,
        /** The generator, not the target, was the limit: nothing can be said about this rate. */
        GENERATOR_BOUND,
        /** The run was stopped during the probe. */
        STOPPED
    }

    /** Why a probe did not pass, as report.json names it. */
    public enum Reason {
        P99("p99"), ERRORS("errors"), DROPPED_ARRIVALS("dropped arrivals"), POOL_EXHAUSTION("pool exhaustion"),
        UNSTABLE("unstable"), GENERATOR("generator-bound"), STOPPED("stopped");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public static ProbeVerdict pass(String detail) {
        return new ProbeVerdict(Kind.PASS, null, detail);
    }

    /** The verdict as the probe table shows it: pass, fail (reason), rising, generator-bound, stopped. */
    public String label() {
        return switch (kind) {
            case PASS -> "pass";
            case FAIL -> "fail (" + reason.label() + ")";
            case RISING -> "rising";
            case GENERATOR_BOUND -> "generator-bound";
            case STOPPED -> "stopped";
        };
    }
}
