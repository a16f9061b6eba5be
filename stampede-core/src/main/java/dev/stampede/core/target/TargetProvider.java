package dev.stampede.core.target;

import dev.stampede.core.advisor.AdvisorRule;
import dev.stampede.core.api.ErrorClass;
import dev.stampede.core.api.TargetUnreachableException;
import dev.stampede.core.config.ConfigSection;
import dev.stampede.core.config.ScenarioSpec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A kind of system under test (PostgreSQL, Redis, a Celery broker, an HTTP API), plugged in by adding its
 * module jar to the classpath: each module lists its provider in
 * {@code META-INF/services/dev.stampede.core.target.TargetProvider} and {@link TargetRegistry} finds it with
 * {@link java.util.ServiceLoader}. The session, the CLI and the core know targets only through this
 * interface, so a new target needs no change to any of them.
 *
 * <p>What a provider contributes: its configuration section and the environment variables users know for it;
 * binding and validation of that section; connecting (or starting an embedded default when no URL is given);
 * the workload types it runs; scenarios, scenario sets and checks across scenarios; advisor rules; report
 * sections (JSON, Markdown and CSV through {@link ReportSection}); and cleaning up what it created.
 *
 * <p>Thread-safety: providers are stateless singletons; everything per run lives in the {@link Target} that
 * {@link #open} returns.
 */
public interface TargetProvider {

    /** Short stable name, for example {@code postgres}; used in reports and in {@code stampede scenarios}. */
    String name();

    /** The top-level configuration section this target reads, for example {@code database}. */
    String section();

    /** One line on what this target tests, for listings. */
    String description();

    /**
     * Environment variables that override keys of this target's section, in documentation order: for example
     * {@code DATABASE_URL -> url}.
     */
    Map<String, String> environment();

    /**
     * Validates and binds this target's section of the merged configuration. Every error is a
     * {@link dev.stampede.core.config.ConfigException} that names the key, its value, where it came from and what
     * is accepted ({@link ConfigSection} does this for typed reads).
     */
    TargetSettings bind(ConfigSection section);

    /** The workload type a run uses when none is configured, or null; the first provider that has one wins. */
    default String defaultWorkload() { return null; }

    /** Workload types this target runs, in listing order. */
    List<WorkloadType> workloads();

    /** Scenarios this target contributes beyond the generic load presets, in listing order. */
    default List<ScenarioSpec> scenarios() { return List.of(); }

    /** Named sets of this target's scenarios (a suite such as {@code query-performance}), in listing order. */
    default Map<String, List<String>> scenarioSets() { return Map.of(); }

    /**
     * Sets of {@link #scenarioSets()} that {@code --full} leaves out: ones that need something a user's server cannot
     * give (the {@code resilience} set restarts the embedded PostgreSQL), run only when named.
     */
    default Set<String> setsOutsideFull() { return Set.of(); }

    /** Checks across the scenarios of one run (pagination linearity, throughput scaling...). */
    default List<SuiteCheck> suiteChecks() { return List.of(); }

    /** Advisor rules that read this target's evidence; they run over every scenario. */
    default List<AdvisorRule> advisorRules() { return List.of(); }

    /** This target's sections of the reports, keyed by the names its scenarios put in the extras. */
    default List<ReportSection> reportSections() { return List.of(); }

    /** Tools this target offers outside a load run ({@code stampede backup verify}), by verb. */
    default List<TargetAction> actions() { return List.of(); }

    /** The error classes this target's operations report, for the reports' legend. */
    default List<ErrorClass> errorClasses() { return List.of(); }

    /**
     * Threshold keys (under {@code thresholds}) that this target judges, beyond the generic ones; the binder
     * accepts them and hands their values to the target through {@link ScenarioUse#thresholds()}.
     */
    default Set<String> thresholdKeys() { return Set.of(); }

    /**
     * The server-side fault kinds this target can apply ({@link dev.stampede.core.fault.Fault.Server}), each with the
     * keys it accepts besides {@code target}, {@code kind}, {@code at} and {@code for}; for example PostgreSQL's
     * {@code terminate-backends} and {@code restart}. The target applies them through the injector it registers with
     * {@link dev.stampede.core.fault.FaultRoutes#serverFaults}. None by default.
     */
    default Map<String, Set<String>> serverFaults() { return Map.of(); }

    /**
     * Connects to the configured target, or starts its embedded default when {@code settings} name none (and
     * says so on {@code context.out()}). Errors in the house style: what failed, the live state, the fix; no
     * secrets.
     *
     * @throws TargetUnreachableException when the target cannot be reached
     * @throws dev.stampede.core.config.ConfigException when it refuses the configuration (credentials, names)
     */
    Target open(TargetSettings settings, SessionContext context) throws TargetUnreachableException;

    /**
     * Removes what Stampede created in the configured target (its schema objects, key prefix, queues), and
     * nothing else. Prints what it removed.
     *
     * @return a process exit code: 0 when done or nothing to do
     */
    int clean(TargetSettings settings, PrintWriter out) throws Exception;
}
