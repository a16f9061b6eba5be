package dev.stampede.core.config;

import java.util.List;

/**
 * Which workload to run and its knobs. Immutable.
 *
 * @param type           one of ConfigBinder.WORKLOAD_TYPES: game, select-only, custom, financial, repository
 * @param scale          data size factor for the loader (game: 1,000 players and 200 games per unit;
 *                       select-only: 100,000 accounts per unit, like pgbench)
 * @param readWriteRatio fraction of attempts that are reads (game workload)
 * @param maxTries       attempts per transaction on serialization or deadlock failure, as pgbench's --max-tries
 * @param table          select-only: the table to read; null for Stampede's own copy in its schema
 * @param setup          custom: statements run once before the load (in Stampede's schema)
 * @param statements     custom: the weighted statements
 * @param operations     only these operations (names or group names); empty for all
 */
public record WorkloadConfig(String type, int scale, double readWriteRatio, int maxTries, String table,
                             List<String> setup, List<CustomStatement> statements, List<String> operations) {
    public WorkloadConfig {
        setup = List.copyOf(setup);
        statements = List.copyOf(statements);
        operations = operations == null ? List.of() : List.copyOf(operations);
    }

    public WorkloadConfig(String type, int scale, double readWriteRatio, int maxTries, String table,
                          List<String> setup, List<CustomStatement> statements) {
        this(type, scale, readWriteRatio, maxTries, table, setup, statements, List.of());
    }

    public WorkloadConfig withReadWriteRatio(double ratio) {
        return new WorkloadConfig(type, scale, ratio, maxTries, table, setup, statements, operations);
    }

    /** The same settings for another workload type and operation subset (a scenario's own). */
    public WorkloadConfig forScenario(String scenarioType, List<String> ops) {
        return new WorkloadConfig(scenarioType == null ? type : scenarioType, scale, readWriteRatio, maxTries, table,
                setup, statements, ops == null || ops.isEmpty() ? operations : ops);
    }
}
