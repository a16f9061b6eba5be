package dev.stampede.core.config;

import java.util.List;

/**
 * Which workload to run and its knobs. Immutable.
 *
 * @param type           one of ConfigBinder.WORKLOAD_TYPES: game, select-only, custom, financial, repository, pgbench
 * @param scale          data size factor for the loader (game: 1,000 players and 200 games per unit;
 *                       select-only and pgbench: 100,000 accounts per unit, like pgbench)
 * @param readWriteRatio fraction of attempts that are reads (game workload)
 * @param maxTries       attempts per transaction on serialization or deadlock failure, as pgbench's --max-tries
 * @param table          select-only: the table to read; null for Stampede's own copy in its schema
 * @param setup          custom: statements run once before the load (in Stampede's schema)
 * @param statements     custom: the weighted statements
 * @param operations     only these operations (names or group names); empty for all
 * @param scripts        pgbench: built-in script names or files, each optionally {@code @weight}
 * @param existingTables pgbench: run against the existing {@code pgbench -i} tables (read-write) instead of
 *                       Stampede's own copy in its schema
 * @param isolation      pgbench and custom transactions: READ COMMITTED, REPEATABLE READ or SERIALIZABLE; null for
 *                       the server's default
 */
public record WorkloadConfig(String type, int scale, double readWriteRatio, int maxTries, String table,
                             List<String> setup, List<CustomStatement> statements, List<String> operations,
                             List<String> scripts, boolean existingTables, String isolation) {
    public WorkloadConfig {
        setup = List.copyOf(setup);
        statements = List.copyOf(statements);
        operations = operations == null ? List.of() : List.copyOf(operations);
        scripts = scripts == null ? List.of() : List.copyOf(scripts);
    }

    public WorkloadConfig(String type, int scale, double readWriteRatio, int maxTries, String table,
                          List<String> setup, List<CustomStatement> statements, List<String> operations) {
        this(type, scale, readWriteRatio, maxTries, table, setup, statements, operations, List.of(), false, null);
    }

    public WorkloadConfig(String type, int scale, double readWriteRatio, int maxTries, String table,
                          List<String> setup, List<CustomStatement> statements) {
        this(type, scale, readWriteRatio, maxTries, table, setup, statements, List.of());
    }

    public WorkloadConfig withReadWriteRatio(double ratio) {
        return new WorkloadConfig(type, scale, ratio, maxTries, table, setup, statements, operations, scripts, existingTables, isolation);
    }

    /** The same settings for another workload type and operation subset (a scenario's own). */
    public WorkloadConfig forScenario(String scenarioType, List<String> ops) {
        return new WorkloadConfig(scenarioType == null ? type : scenarioType, scale, readWriteRatio, maxTries, table,
                setup, statements, ops == null || ops.isEmpty() ? operations : ops, scripts, existingTables, isolation);
    }

    /** The same settings with these pgbench scripts (from the command line). */
    public WorkloadConfig withScripts(List<String> pgbenchScripts) {
        return new WorkloadConfig(type, scale, readWriteRatio, maxTries, table, setup, statements, operations, pgbenchScripts,
                existingTables, isolation);
    }
}
