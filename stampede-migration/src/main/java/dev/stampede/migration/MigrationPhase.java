package dev.stampede.migration;

import java.time.Duration;
import java.util.List;

/**
 * One configured phase. Immutable.
 *
 * @param name     unique, the operation its attempts are recorded under ({@code dual-write}, or a command phase's own name)
 * @param duration its share of the scenario before scaling (durations are scaled so that they fill the scenario's length)
 * @param command  COMMAND only: the program and its arguments; empty otherwise
 * @param timeout  COMMAND only: how long the command may run before it is killed (not scaled: a real command takes its own time)
 * @param marks    COMMAND only: the {@code STAMPEDE-PHASE:} names the command is expected to print; each gets figures of its own
 */
record MigrationPhase(String name, PhaseKind kind, Duration duration, List<String> command, Duration timeout, List<String> marks) {
    MigrationPhase {
        command = List.copyOf(command);
        marks = List.copyOf(marks);
    }

    static MigrationPhase of(PhaseKind kind) {
        return new MigrationPhase(kind.id(), kind, kind.defaultDuration, List.of(), null, List.of());
    }

    /** The name a mark's attempts are recorded under: {@code deploy/schema}. */
    String markSlot(String mark) { return name + "/" + mark; }
}
