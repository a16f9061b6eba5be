package dev.stampede.core.target;

import dev.stampede.core.api.Monitor;
import dev.stampede.core.api.Workload;
import dev.stampede.core.engine.PhaseListener;
import dev.stampede.core.engine.ScenarioRun;

import java.util.List;

/**
 * One target's part in one scenario, from {@link Target#begin} to {@link #close()}. Used from the session
 * thread, except {@link #abort()} (any thread) and the monitors (the engine's sampler thread).
 */
public interface ScenarioScope extends AutoCloseable {

    /** The workload to run; null unless this target drives the scenario's load. */
    Workload workload();

    /** How the workload is described in reports ("game (scale 1, 70% reads...)"); null when not driving. */
    String workloadDescription();

    /** Side channels to sample every interval (pool state, server statistics). */
    List<Monitor> monitors();

    /** Told at the edges of every phase, so that server-side snapshots cover exactly the measured window. */
    default PhaseListener phaseListener() { return PhaseListener.NONE; }

    /**
     * Last resort when attempts are still blocked after a stop and its grace: closes what they are blocked on
     * (the pool's connections). Idempotent; callable from any thread.
     */
    default void abort() { }

    /** Connections (or channels) this scenario may use at most; 0 when not applicable. Shown in the report. */
    default int poolMax() { return 0; }

    /** Whether the pool-usage threshold applies (the user sized the pool, so its usage is theirs to judge). */
    default boolean judgePoolUsage() { return false; }

    /**
     * Why this scenario puts errors on its target on purpose (a pool-exhaustion overload), or null: then its
     * whole-scenario error and latency verdicts are reported but not judged
     * ({@link dev.stampede.core.fault.FaultVerdicts#notJudged}), and its own checks judge it.
     */
    default String errorsByDesign() { return null; }

    /**
     * What the target saw once the load ended: extra verdicts, recommendations with evidence, and report data
     * keyed for its {@link ReportSection}s. Called once, before {@link #close()}; not called when the target was
     * lost during the scenario.
     */
    ScenarioFindings finish(ScenarioRun run) throws Exception;

    /**
     * What the target can say when the scenario stopped because a target stopped answering, in place of
     * {@link #finish}: only what it holds on the client side (its own counters and timeline), never asking a server,
     * which may be frozen. Must return promptly. Default: nothing.
     */
    default ScenarioFindings partialFindings(ScenarioRun run) { return ScenarioFindings.NONE; }

    @Override
    void close();
}
