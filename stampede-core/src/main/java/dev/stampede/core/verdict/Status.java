package dev.stampede.core.verdict;

/** A metric's or a run's verdict, in increasing order of severity. */
public enum Status {
    PASSED, WARNING, FAILED;

    public Status worst(Status other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    /** Label with the seed's status marks. */
    public String label() {
        return switch (this) {
            case PASSED -> "✅ passed";
            case WARNING -> "⚠️ warning";
            case FAILED -> "❌ failed";
        };
    }
}
