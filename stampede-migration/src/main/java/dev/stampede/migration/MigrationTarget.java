package dev.stampede.migration;

import dev.stampede.core.target.ScenarioScope;
import dev.stampede.core.target.ScenarioUse;
import dev.stampede.core.target.Target;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The migration "target": it owns no server of its own (its stores are the Redis and PostgreSQL targets of the run),
 * only the migration's settings. Session thread only.
 */
final class MigrationTarget implements Target {
    /** Another target's scenario: nothing to monitor or report. */
    private static final ScenarioScope IDLE = new ScenarioScope() {
        @Override public dev.stampede.core.api.Workload workload() { return null; }
        @Override public String workloadDescription() { return null; }
        @Override public List<dev.stampede.core.api.Monitor> monitors() { return List.of(); }
        @Override public dev.stampede.core.target.ScenarioFindings finish(dev.stampede.core.engine.ScenarioRun run) {
            return dev.stampede.core.target.ScenarioFindings.NONE;
        }
        @Override public void close() { }
    };

    private final MigrationConfig config;

    MigrationTarget(MigrationConfig config) {
        this.config = config;
    }

    @Override public String name() { return MigrationTargetProvider.NAME; }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        List<String> names = config.phases().stream().map(MigrationPhase::name).toList();
        m.put("migration_phases", String.join(" -> ", names));
        return m;
    }

    @Override
    public ScenarioScope begin(ScenarioUse use) throws Exception {
        if (!use.drivesLoad()) return IDLE;
        return MigrationScope.begin(config, use);
    }

    @Override
    public void close() {
        // nothing of its own to close: each scenario's scope closes its store connections and pool
    }
}
