package dev.stampede.migration;

import dev.stampede.core.api.ErrorClass;
import dev.stampede.core.config.ConfigSection;
import dev.stampede.core.config.ScenarioSpec;
import dev.stampede.core.engine.ArrivalProcess;
import dev.stampede.core.target.ReportSection;
import dev.stampede.core.target.SessionContext;
import dev.stampede.core.target.Target;
import dev.stampede.core.target.TargetProvider;
import dev.stampede.core.target.TargetSettings;
import dev.stampede.core.target.WorkloadType;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The migration scenario (issue 12, seed 001's "migration load test"): the {@code migration} section, the
 * {@code migration} workload type (it also needs the Redis and PostgreSQL targets, which hold the two stores), the
 * {@code migration} scenario and scenario set, and the report's migration section. Stateless; listed in
 * META-INF/services.
 */
public final class MigrationTargetProvider implements TargetProvider {
    public static final String NAME = "migration";

    @Override public String name() { return NAME; }

    @Override public String section() { return "migration"; }

    @Override public String description() { return "a live Redis-backed game store moved to PostgreSQL phase by phase under load"; }

    @Override public Map<String, String> environment() { return Map.of(); }

    @Override public TargetSettings bind(ConfigSection section) { return MigrationConfig.bind(section); }

    @Override
    public List<WorkloadType> workloads() {
        return List.of(new WorkloadType(NAME, "seed 001's game users (join game, play move, read state, update player) through a store "
                + "router that the migration's phases switch from Redis to PostgreSQL and back", Set.of("postgres", "redis")));
    }

    /**
     * 50 users for the phases' total (450 s unscaled: 45 s at --time-scale 0.1) after a 50 s warm-up on Redis (not recorded:
     * the JIT and the connections settle before the baseline is measured), 100 ms think time, 70 % reads.
     */
    @Override
    public List<ScenarioSpec> scenarios() {
        long total = 0;
        for (PhaseKind k : MigrationConfig.DEFAULT_ORDER) total += k.defaultDuration.toSeconds();
        return List.of(new ScenarioSpec(NAME, "migration under load: baseline on Redis, dual-write, backfill, verify, shadow reads, "
                + "cutover to PostgreSQL and rollback, 50 users throughout", 50, Duration.ofSeconds(total), 0, ArrivalProcess.CONSTANT,
                Duration.ZERO, Duration.ofMillis(100), 0, 0.7, Duration.ofSeconds(50), List.of(), NAME, List.of()));
    }

    @Override public Map<String, List<String>> scenarioSets() { return Map.of(NAME, List.of(NAME)); }

    @Override public List<ReportSection> reportSections() { return List.of(new MigrationSection()); }

    @Override public List<ErrorClass> errorClasses() { return MigrationErrors.ALL; }

    @Override
    public Target open(TargetSettings settings, SessionContext context) {
        return new MigrationTarget((MigrationConfig) settings);
    }

    @Override
    public int clean(TargetSettings settings, PrintWriter out) {
        out.println("migration: nothing of its own to clean (its keys are under the Redis prefix and its tables in Stampede's schema; "
                + "the redis and postgres clean remove them).");
        return 0;
    }
}
