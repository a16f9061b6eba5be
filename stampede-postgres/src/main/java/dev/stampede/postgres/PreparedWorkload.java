package dev.stampede.postgres;

import dev.stampede.core.api.Workload;
import dev.stampede.core.config.WorkloadConfig;
import dev.stampede.core.workload.WeightedWorkload;
import dev.stampede.postgres.pgbench.PgbenchTables;
import dev.stampede.postgres.pgbench.PgbenchWorkload;
import dev.stampede.postgres.pgbench.Script;
import dev.stampede.postgres.workload.AckedWritesWorkload;
import dev.stampede.postgres.pool.PoolWorkload;
import dev.stampede.postgres.workload.CustomWorkload;
import dev.stampede.postgres.workload.FinancialWorkload;
import dev.stampede.postgres.workload.GameSchema;
import dev.stampede.postgres.workload.GameWorkload;
import dev.stampede.postgres.workload.Grouped;
import dev.stampede.postgres.workload.RepositoryWorkload;
import dev.stampede.postgres.workload.SelectOnlyWorkload;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * A workload whose data is in place: {@link #prepare} creates and loads the tables once per run (in
 * Stampede's schema only), then {@link #bind} builds the operations for each scenario's pool,
 * read/write ratio and operation subset.
 */
public final class PreparedWorkload {
    private final WorkloadConfig config;
    private final OwnSchema own;
    private final GameSchema game;
    private final SelectOnlyWorkload.Table table;
    private final List<Script> scripts;
    private final PgbenchTables pgbenchTables;
    /** acked-writes only: empties its table before each scenario, so each scenario's ledger starts from key 1. */
    private PgTarget target;

    private PreparedWorkload(WorkloadConfig config, OwnSchema own, GameSchema game, SelectOnlyWorkload.Table table) {
        this(config, own, game, table, List.of(), null);
    }

    private PreparedWorkload(WorkloadConfig config, OwnSchema own, GameSchema game, SelectOnlyWorkload.Table table,
                             List<Script> scripts, PgbenchTables pgbenchTables) {
        this.config = config;
        this.own = own;
        this.game = game;
        this.table = table;
        this.scripts = scripts;
        this.pgbenchTables = pgbenchTables;
    }

    /** The pgbench workload's tables, or null for other workloads. */
    public PgbenchTables pgbenchTables() { return pgbenchTables; }

    public static PreparedWorkload prepare(PgTarget target, WorkloadConfig config) throws SQLException {
        OwnSchema own = new OwnSchema(target.config().schema());
        // scripts are parsed before anything is loaded, so a bad script fails fast (exit 2) with file, line and column
        List<Script> scripts = config.type().equals(PgbenchWorkload.TYPE) ? PgbenchWorkload.parse(config.scripts()) : List.of();
        try (Connection c = target.open("stampede-setup")) {
            return switch (config.type()) {
                case "game" -> {
                    GameSchema g = new GameSchema(own, config.scale());
                    g.load(c);
                    yield new PreparedWorkload(config, own, g, null);
                }
                case "select-only" -> new PreparedWorkload(config, own, null,
                        SelectOnlyWorkload.prepare(c, own, config.table(), config.scale()));
                case "custom" -> {
                    CustomWorkload.setup(c, own, config.setup());
                    yield new PreparedWorkload(config, own, null, null);
                }
                case PgbenchWorkload.TYPE -> new PreparedWorkload(config, own, null, null, scripts,
                        config.existingTables() ? PgbenchTables.existing(c) : PgbenchTables.own(c, own, config.scale()));
                case "financial" -> {
                    FinancialWorkload.load(c, own, config.scale());
                    yield new PreparedWorkload(config, own, null, null);
                }
                case "repository" -> {
                    RepositoryWorkload.load(c, own, config.scale());
                    yield new PreparedWorkload(config, own, null, null);
                }
                case AckedWritesWorkload.TYPE -> {
                    AckedWritesWorkload.setup(c, own);
                    PreparedWorkload p = new PreparedWorkload(config, own, null, null);
                    p.target = target;
                    yield p;
                }
                case PoolWorkload.TYPE -> new PreparedWorkload(config, own, null, null);   // no tables
                default -> throw new IllegalArgumentException("unknown workload type " + config.type());
            };
        }
    }

    /**
     * The workload of a shard that does not prepare data (shard I > 0 of a distributed run): the same objects as
     * {@link #prepare} builds, over the tables shard 0 loaded into the same schema, without creating, truncating or
     * loading anything. Call it only once shard 0's mark is in the ledger ({@link SharedPreparation}).
     */
    public static PreparedWorkload attach(PgTarget target, WorkloadConfig config) throws SQLException {
        OwnSchema own = new OwnSchema(target.config().schema());
        List<Script> scripts = config.type().equals(PgbenchWorkload.TYPE) ? PgbenchWorkload.parse(config.scripts()) : List.of();
        return switch (config.type()) {
            case "game" -> new PreparedWorkload(config, own, new GameSchema(own, config.scale()), null);
            case "select-only" -> {
                if (config.table() != null) {
                    try (Connection c = target.open("stampede-setup")) {
                        yield new PreparedWorkload(config, own, null, SelectOnlyWorkload.prepare(c, own, config.table(), config.scale()));
                    }
                }
                yield new PreparedWorkload(config, own, null,
                        new SelectOnlyWorkload.Table(own.qualify("pgbench_accounts"), 100_000 * config.scale()));
            }
            case PgbenchWorkload.TYPE -> {
                if (config.existingTables()) {
                    try (Connection c = target.open("stampede-setup")) {
                        yield new PreparedWorkload(config, own, null, null, scripts, PgbenchTables.existing(c));
                    }
                }
                yield new PreparedWorkload(config, own, null, null, scripts, new PgbenchTables(own.name(), config.scale()));
            }
            case "custom", "financial", "repository" -> new PreparedWorkload(config, own, null, null);
            default -> throw new IllegalArgumentException("unknown workload type " + config.type());
        };
    }

    /** A description for reports: "game (scale 1, 70% reads, up to 3 tries per transaction)". */
    public String describe(WorkloadConfig scenarioConfig) {
        String ops = scenarioConfig.operations().isEmpty() ? "" : ", operations " + String.join(" ", scenarioConfig.operations());
        return switch (config.type()) {
            case "game", "financial" -> String.format(Locale.ROOT, "%s (scale %d, %.0f%% reads, up to %d tries per transaction%s)",
                    config.type(), config.scale(), scenarioConfig.readWriteRatio() * 100, config.maxTries(), ops);
            case "select-only" -> "select-only (" + table.name() + ", " + table.accounts() + " accounts)";
            case "repository" -> "repository (scale " + config.scale() + ops + ")";
            case AckedWritesWorkload.TYPE -> "acked-writes (one INSERT of a unique key per attempt into " + own.name() + "."
                    + AckedWritesWorkload.TABLE + "; every acknowledged key is checked afterwards)";
            case PoolWorkload.TYPE -> "pool (" + (ops.isEmpty() ? "query and hold" : ops.substring(2)) + ")";
            case PgbenchWorkload.TYPE -> "pgbench (" + String.join(", ", scripts.stream().map(x -> x.name() + "@" + x.weight()).toList())
                    + "; scale " + pgbenchTables.scale() + ", " + (pgbenchTables.schema() == null ? "existing tables" : "schema " + pgbenchTables.schema())
                    + (config.isolation() == null ? "" : ", " + config.isolation()) + ", up to " + config.maxTries() + " tries per transaction)";
            default -> "custom (" + config.statements().size() + " statements)";
        };
    }

    /** The statements of this workload's wire form, or null when it has none (only select-only has one). */
    public List<dev.stampede.postgres.wire.WireSessions.Statement> wireStatements() {
        return config.type().equals("select-only") ? List.of(SelectOnlyWorkload.wireStatement(table)) : null;
    }

    /** This workload's wire form, on {@code sessions} (made with {@link #wireStatements()}). */
    public Workload bindWire(dev.stampede.postgres.wire.WireSessions sessions) {
        return SelectOnlyWorkload.createWire(sessions, table);
    }

    /** The workload's type ("select-only", "game", ...). */
    public String type() { return config.type(); }

    /** Operations bound to {@code ds}, with the scenario's read/write ratio and operation subset. */
    public Workload bind(DataSource ds, WorkloadConfig sc) {
        List<String> only = sc.operations();
        return switch (config.type()) {
            case "game" -> new WeightedWorkload("game", Grouped.select(
                    GameWorkload.operations(ds, own, game, sc.readWriteRatio(), config.maxTries()), only));
            case "financial" -> new WeightedWorkload("financial", Grouped.select(
                    FinancialWorkload.operations(ds, own, config.scale(), sc.readWriteRatio(), config.maxTries()), only));
            case "repository" -> new WeightedWorkload("repository", Grouped.select(
                    RepositoryWorkload.operations(ds, own, config.scale(), config.maxTries()), only));
            case "select-only" -> SelectOnlyWorkload.create(ds, table);
            case AckedWritesWorkload.TYPE -> {
                try (Connection c = target.open("stampede-setup"); java.sql.Statement st = c.createStatement()) {
                    st.execute("TRUNCATE " + own.name() + "." + AckedWritesWorkload.TABLE);
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException("could not empty " + own.name() + "." + AckedWritesWorkload.TABLE + ": "
                            + dev.stampede.core.util.Secrets.redact(e.getMessage()), e);
                }
                yield new AckedWritesWorkload(ds, own);
            }
            case PoolWorkload.TYPE -> PoolWorkload.create(ds, only);
            case PgbenchWorkload.TYPE -> PgbenchWorkload.create(ds, scripts, pgbenchTables, config.maxTries(), config.isolation());
            default -> CustomWorkload.create(ds, own, config.statements(), config.maxTries(), config.isolation());
        };
    }
}
