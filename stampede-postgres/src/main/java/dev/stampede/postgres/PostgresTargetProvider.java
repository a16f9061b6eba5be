package dev.stampede.postgres;

import dev.stampede.postgres.backup.BackupVerifyAction;
import dev.stampede.postgres.integrity.IntegrityCheckAction;

import dev.stampede.core.advisor.AdvisorRule;
import dev.stampede.core.api.ErrorClass;
import dev.stampede.core.api.TargetUnreachableException;
import dev.stampede.core.config.ConfigException;
import dev.stampede.core.config.ConfigSection;
import dev.stampede.core.config.ScenarioCatalog;
import dev.stampede.core.config.ScenarioSpec;
import dev.stampede.core.target.ReportSection;
import dev.stampede.core.target.SessionContext;
import dev.stampede.core.target.SuiteCheck;
import dev.stampede.core.target.Target;
import dev.stampede.core.target.TargetAction;
import dev.stampede.core.target.TargetProvider;
import dev.stampede.core.target.TargetSettings;
import dev.stampede.core.target.WorkloadType;
import dev.stampede.postgres.health.HealthSection;
import dev.stampede.postgres.pgbench.PgbenchSection;
import dev.stampede.postgres.pool.LeakSection;
import dev.stampede.postgres.pool.PoolChecks;
import dev.stampede.postgres.pool.PoolSection;
import dev.stampede.postgres.pool.PoolSuite;
import dev.stampede.postgres.pool.PoolWorkload;

import java.io.PrintWriter;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PostgreSQL as a Stampede target: the {@code database} section (DATABASE_URL, DB_POOL_SIZE, DB_MAX_OVERFLOW,
 * DB_POOL_RECYCLE), the embedded default, the game, select-only, custom, financial and repository workloads,
 * the query performance suite of seeds 000 and 002 with its checks across scenarios, the pool suite ({@link PoolSuite}),
 * SQLSTATE advice, and the database health, pool and leak sections of the reports. Stateless; listed in META-INF/services.
 */
public final class PostgresTargetProvider implements TargetProvider {
    /** Provider name. */
    public static final String NAME = "postgres";
    /** The query performance suite, runnable on its own as {@code --scenarios query-performance}. */
    public static final String QUERY_PERFORMANCE = "query-performance";

    @Override public String name() { return NAME; }

    /** The configuration section, also the name faults use for this target. */
    static final String SECTION = "database";

    @Override public String section() { return SECTION; }

    @Override public Map<String, Set<String>> serverFaults() { return PgServerFaults.KINDS; }

    @Override public String description() { return "PostgreSQL through pgjdbc and a HikariCP pool"; }

    @Override
    public Map<String, String> environment() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("DATABASE_URL", "url");
        m.put("DB_POOL_SIZE", "pool_size");
        m.put("DB_MAX_OVERFLOW", "max_overflow");
        m.put("DB_POOL_RECYCLE", "pool_recycle");
        return m;
    }

    @Override
    public TargetSettings bind(ConfigSection r) {
        r.allowOnly(Set.of("url", "pool_size", "max_overflow", "pool_recycle", "pool_timeout", "statement_timeout", "schema",
                "socket_timeout", "monitors", "allow_connection_exhaustion", "leak_threshold", "driver"));
        String schema = r.string("schema", "stampede");
        if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw r.bad("schema", r.raw().get("schema"), "a lower-case identifier such as stampede (letters, digits, _)");
        }
        String url = r.string("url", null);
        if (url != null && url.isBlank()) url = null;
        if (url != null) DatabaseUrl.parse(url, r.tree().origin(r.full("url")));   // bad URLs fail before anything runs
        String driver = r.string("driver", "jdbc");
        if (!DatabaseConfig.DRIVERS.contains(driver)) {
            throw r.bad("driver", r.raw().get("driver"), "jdbc (pgjdbc and HikariCP, the default) or wire (Stampede's own protocol client, select-only)");
        }
        return new DatabaseConfig(url, r.integer("pool_size", null, 1, 10_000), r.integer("max_overflow", 0, 0, 10_000),
                r.duration("pool_recycle", Duration.ofMinutes(30), 1, false),
                r.duration("pool_timeout", Duration.ofSeconds(30), 1, false),
                r.duration("statement_timeout", Duration.ofSeconds(30), 1, true), schema,
                r.duration("socket_timeout", Duration.ZERO, 1, true), r.bool("monitors", true),
                r.bool("allow_connection_exhaustion", false), r.duration("leak_threshold", DatabaseConfig.DEFAULT_LEAK_THRESHOLD, 1, false), driver);
    }

    @Override public String defaultWorkload() { return "game"; }

    @Override
    public List<WorkloadType> workloads() {
        return List.of(new WorkloadType("game", "seed 001's game server: point and range reads, a JSONB join, writes, transactions"),
                new WorkloadType("select-only", "pgbench's -S transaction on pgbench_accounts"),
                new WorkloadType("custom", "your own weighted statements with bound parameters (workload.statements)"),
                new WorkloadType("pgbench", "pgbench scripts: built-ins (tpcb-like, simple-update, select-only) or files (workload.scripts)"),
                new WorkloadType("financial", "seed 000's financial queries: summaries, savings rate, window functions, joins"),
                new WorkloadType("repository", "seed 002's repository benchmarks: CRUD, pagination, bulk, transactions"),
                new WorkloadType("acked-writes", "one INSERT of a unique key per attempt; afterwards every acknowledged write must be there (Jepsen's set check)"),
                new WorkloadType(PoolWorkload.TYPE, "the pool suite's statements: query (1,000 generated rows) and hold (100 ms on the server); no tables"));
    }

    /** The query performance suite of seeds 000 and 002. */
    private static List<ScenarioSpec> queryPerformance() {
        List<ScenarioSpec> m = new ArrayList<>();
        m.add(ScenarioCatalog.suite("financial", "Financial queries of seed 000: summaries, savings rate, running balances, GROUP BY, joins",
                10, Duration.ofMinutes(1), "financial", List.of()));
        m.add(ScenarioCatalog.suite("repo-crud", "Repository CRUD with seed 002's targets", 5, Duration.ofSeconds(30), "repository", List.of("crud")));
        m.add(ScenarioCatalog.suite("repo-pagination", "Pagination at page sizes 10/25/50/100", 4, Duration.ofSeconds(30), "repository",
                List.of("pagination")));
        m.add(ScenarioCatalog.suite("repo-bulk", "Bulk against one-by-one inserts of 10/50/100 rows", 2, Duration.ofSeconds(30), "repository",
                List.of("bulk")));
        m.add(ScenarioCatalog.suite("repo-transactions", "Transactions of 1/5/10/20 operations with audit rows", 4, Duration.ofSeconds(30),
                "repository", List.of("transactions")));
        for (int c : new int[]{1, 5, 10, 20}) {
            m.add(ScenarioCatalog.suite("repo-reads-c" + c, "Reads by id at concurrency " + c, c, Duration.ofSeconds(15), "repository",
                    List.of("get_by_id")));
        }
        for (int c : new int[]{1, 5, 10, 20}) {
            m.add(ScenarioCatalog.suite("repo-writes-c" + c, "Updates at concurrency " + c, c, Duration.ofSeconds(15), "repository",
                    List.of("update_user")));
        }
        return m;
    }

    @Override
    public List<ScenarioSpec> scenarios() {
        List<ScenarioSpec> m = new ArrayList<>(queryPerformance());
        m.addAll(PoolSuite.scenarios());
        m.addAll(ResilienceSuite.scenarios());
        return m;
    }

    @Override
    public Map<String, List<String>> scenarioSets() {
        return Map.of(QUERY_PERFORMANCE, queryPerformance().stream().map(ScenarioSpec::name).toList(), PoolSuite.NAME, PoolSuite.names(),
                ResilienceSuite.NAME, ResilienceSuite.names());
    }

    /** The resilience set restarts the embedded server and injects faults: only when named. */
    @Override public Set<String> setsOutsideFull() { return Set.of(ResilienceSuite.NAME); }

    @Override public List<SuiteCheck> suiteChecks() { return List.of(SuiteChecks::evaluate, PoolChecks::sizing); }

    @Override public Set<String> thresholdKeys() { return Set.of(PoolChecks.MAX_MEMORY_GROWTH_MB); }

    @Override public List<AdvisorRule> advisorRules() { return PgAdvisorRules.ALL; }

    @Override public List<TargetAction> actions() { return List.of(new BackupVerifyAction(), new IntegrityCheckAction()); }

    @Override
    public List<ReportSection> reportSections() {
        return List.of(new HealthSection(), new PgbenchSection(), new PoolSection(), new LeakSection(), new AckedWritesCheck.Section());
    }

    @Override public List<ErrorClass> errorClasses() { return SqlStates.knownClasses(); }

    @Override
    public Target open(TargetSettings settings, SessionContext context) throws TargetUnreachableException {
        return PostgresTarget.open((DatabaseConfig) settings, context);
    }

    @Override
    public int clean(TargetSettings settings, PrintWriter out) throws Exception {
        DatabaseConfig db = (DatabaseConfig) settings;
        if (db.url() == null) {
            out.println("postgres: no DATABASE_URL set, nothing to clean (the embedded database is temporary and removed after each run).");
            return 0;
        }
        DatabaseUrl url = DatabaseUrl.parse(db.url(), "database.url");
        PgTarget target = PgTarget.connect(url, db);
        OwnSchema own = new OwnSchema(db.schema());
        try (Connection c = target.open("stampede-clean")) {
            List<String> tables = own.ownedTables(c);
            own.dropOwned(c);
            out.println(tables.isEmpty() ? "postgres: nothing to clean in schema " + own.name() + " of " + url.redacted() + "."
                    : "postgres: dropped " + tables.size() + " Stampede tables from schema " + own.name() + " of " + url.redacted()
                    + ": " + String.join(", ", tables));
        } catch (java.sql.SQLException e) {
            throw new ConfigException("cannot clean schema " + own.name() + " of " + url.redacted() + ": "
                    + dev.stampede.core.util.Secrets.redact(e.getMessage()) + "; check that the user owns it");
        }
        return 0;
    }
}
