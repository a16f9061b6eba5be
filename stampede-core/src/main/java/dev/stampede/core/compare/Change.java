package dev.stampede.core.compare;

/** A comparison row's verdict, and the overall one (the worst row). */
public enum Change {
    REGRESSION("regression"),
    IMPROVEMENT("improvement"),
    NO_CHANGE("no change"),
    /** Only one side has the value: an operation that ran on one side only, or memory without a collection. */
    NO_DATA("no data");

    private final String label;

    Change(String label) {
        this.label = label;
    }

    public String label() { return label; }
}
