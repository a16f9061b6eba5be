package dev.stampede.postgres;

import dev.stampede.core.api.TargetUnreachableException;
import dev.stampede.core.config.ConfigException;
import dev.stampede.core.config.WorkloadConfig;
import dev.stampede.core.target.ScenarioScope;
import dev.stampede.core.target.ScenarioUse;
import dev.stampede.core.target.SessionContext;
import dev.stampede.core.target.Target;
import dev.stampede.core.util.Secrets;
import dev.stampede.postgres.health.PgHealth;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PostgreSQL opened for one run: the user's server (DATABASE_URL) or an embedded one started for the run, its
 * health monitoring connection, and the workloads whose data is loaded (once per type). Session thread only.
 */
final class PostgresTarget implements Target, dev.stampede.core.target.SqlDatabase, dev.stampede.core.target.ClockReference {
    private final PgTarget pg;
    private final DatabaseConfig config;
    private final EmbeddedPostgres embedded;
    private final PgHealth health;
    private final SessionContext context;
    private final Map<String, Object> description = new LinkedHashMap<>();
    private final Map<String, PreparedWorkload> prepared = new HashMap<>();
    /** The pool-sizing sweep's points so far in this run, in the order the sizing scenarios ran. */
    private final List<dev.stampede.postgres.pool.KneeFinder.Point> sweep = new ArrayList<>();

    private PostgresTarget(PgTarget pg, DatabaseConfig config, EmbeddedPostgres embedded, PgHealth health,
                           SessionContext context, String where, String server) {
        this.pg = pg;
        this.config = config;
        this.embedded = embedded;
        this.health = health;
        this.context = context;
        description.put("database", where);
        description.put("server", server);
        description.put("schema", config.schema());
    }

    static PostgresTarget open(DatabaseConfig config, SessionContext ctx) throws TargetUnreachableException {
        EmbeddedPostgres embedded = null;
        try {
            DatabaseUrl url;
            String where;
            if (config.url() == null) {
                ctx.out().println("No DATABASE_URL set: starting an embedded PostgreSQL (temporary; fsync on; pg_stat_statements preloaded)...");
                ctx.out().flush();
                try {
                    embedded = EmbeddedPostgres.start();
                } catch (IOException e) {
                    throw new TargetUnreachableException("the embedded PostgreSQL did not start: " + Secrets.redact(e.getMessage())
                            + "; set DATABASE_URL to use your own server", e);
                }
                url = DatabaseUrl.parse(embedded.url(), "the embedded server");
                where = "embedded PostgreSQL on port " + embedded.port() + " (temporary, removed after the run)";
            } else {
                url = DatabaseUrl.parse(config.url(), "database.url");
                where = url.redacted();
            }
            PgTarget pg = PgTarget.connect(url, config);
            String server;
            try {
                server = pg.serverVersion();
            } catch (SQLException e) {
                throw ConnectErrors.unreachable(e, url);
            }
            ctx.out().println("Target: " + url.redacted() + " (" + server + "); Stampede writes only to schema " + config.schema());
            dev.stampede.core.fault.FaultRoutes.Route route = ctx.routes().route(PostgresTargetProvider.SECTION, url.host(), url.port());
            if (route.proxied()) {
                pg.loadThrough(route.host(), route.port());
                ctx.out().println("Fault proxy: the load's connections go through " + route.host() + ":" + route.port()
                        + " (monitoring connects directly)");
            }
            ctx.routes().serverFaults(PostgresTargetProvider.SECTION, new PgServerFaults(pg, embedded != null));
            PgHealth health = openHealth(pg, config, ctx);
            return new PostgresTarget(pg, config, embedded, health, ctx, where, server);
        } catch (RuntimeException | TargetUnreachableException e) {
            if (embedded != null) embedded.close();
            throw e;
        }
    }

    /** Opens database monitoring; a failure costs the health section, never the run. */
    private static PgHealth openHealth(PgTarget pg, DatabaseConfig config, SessionContext ctx) {
        if (!config.monitors()) return null;
        try {
            PgHealth h = PgHealth.open(pg);
            for (String m : h.capabilities().missing()) {
                ctx.out().println("note: " + m);
            }
            return h;
        } catch (SQLException e) {
            ctx.note("database monitoring is off for this run: " + Secrets.redact(e.getMessage()));
            return null;
        }
    }

    @Override public String name() { return PostgresTargetProvider.NAME; }

    @Override public Map<String, Object> describe() { return description; }

    @Override
    public ScenarioScope begin(ScenarioUse use) throws Exception {
        PreparedWorkload workload = null;
        if (use.drivesLoad()) {
            checkBudget(use);
            workload = use.shard().waitsForData() ? attachShared(use) : prepare(use.scenario().workload());
            if (use.shard().marksData()) {
                try (java.sql.Connection c = pg.open("stampede-setup")) {
                    shared().mark(c, use.scenario().workload().type(), use.shard().runKey(), use.scenario().workload().scale());
                }
            }
        }
        return PgScenarioScope.begin(pg, config, health, workload, use, sweep, context::note);
    }

    /**
     * Before the scenario's pool (or its data) is made: a pool that does not fit into the server's free connection
     * slots is refused with the numbers and the fix (or, with allow_connection_exhaustion, run with a warning);
     * never capped silently. A tight fit is a warning.
     */
    private void checkBudget(ScenarioUse use) throws SQLException {
        int size = pg.poolSize(use.scenario().users(), dev.stampede.postgres.pool.PoolSuite.tuning(use.scenario().plan().name()));
        ConnectionBudget.Check c = pg.connectionBudget().check(size, 0,
                config.allowConnectionExhaustion());
        if (!c.mayRun()) throw new ConfigException("scenario '" + use.scenario().plan().name() + "': " + c.message());
        if (c.verdict() != ConnectionBudget.Verdict.FITS) context.note("scenario '" + use.scenario().plan().name() + "': " + c.message());
    }

    @Override
    public String clockName() {
        return "the PostgreSQL server's clock";
    }

    /** {@code clock_timestamp()} on a connection of its own, opened before the local clock is read. */
    @Override
    public Reading readClock(java.util.function.LongSupplier localMillis) throws SQLException {
        try (java.sql.Connection c = pg.open("stampede-monitor"); java.sql.Statement st = c.createStatement()) {
            st.execute("SELECT /* stampede:monitor */ 1");   // the first round trip pays for any lazy set-up
            long before = localMillis.getAsLong();
            try (java.sql.ResultSet rs = st.executeQuery("SELECT /* stampede:monitor */ (extract(epoch FROM clock_timestamp()) * 1000)::bigint")) {
                rs.next();
                long at = rs.getLong(1);
                return new Reading(before, at, localMillis.getAsLong());
            }
        }
    }

    private SharedPreparation shared() {
        return new SharedPreparation(new OwnSchema(config.schema()), dev.stampede.core.engine.NanoClock.SYSTEM);
    }

    /** A shard other than 0: waits for shard 0's mark, then uses its tables without loading (once per type, as prepare). */
    private PreparedWorkload attachShared(ScenarioUse use) throws SQLException, InterruptedException {
        WorkloadConfig workload = use.scenario().workload();
        PreparedWorkload p = prepared.get(workload.type());
        if (p != null) return p;
        context.out().println("Waiting for shard 0 to prepare workload '" + workload.type() + "' in schema " + config.schema() + "...");
        context.out().flush();
        shared().await(() -> pg.open("stampede-setup"), workload.type(), use.shard().runKey(), use.shard().prepareBy());
        p = PreparedWorkload.attach(pg, workload);
        prepared.put(workload.type(), p);
        return p;
    }

    private PreparedWorkload prepare(WorkloadConfig workload) throws SQLException, TargetUnreachableException {
        PreparedWorkload p = prepared.get(workload.type());
        if (p != null) return p;
        context.out().println("Preparing workload '" + workload.type() + "' (scale " + workload.scale() + ")...");
        context.out().flush();
        try {
            p = PreparedWorkload.prepare(pg, workload);
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (state.equals("42501")) {
                throw new ConfigException("user '" + pg.url().user() + "' may not create schema '" + config.schema()
                        + "' or its tables (" + Secrets.redact(e.getMessage()) + "); grant CREATE on the database, "
                        + "or pick a schema the user owns with database.schema");
            }
            if (state.startsWith("08")) {
                throw new TargetUnreachableException("lost the connection to " + pg.url().redacted()
                        + " while loading data: " + Secrets.redact(e.getMessage()), e);
            }
            throw e;
        }
        prepared.put(workload.type(), p);
        return p;
    }

    /** For another target's workload (cache-aside): the data of {@code workload}, loaded once per run like our own. */
    @Override
    public String prepareData(WorkloadConfig workload) throws Exception {
        prepare(workload);
        return config.schema();
    }

    @Override public String schema() { return config.schema(); }

    /** HikariCP reports a failed borrow as {@link java.sql.SQLTransientConnectionException}; anything else came after the send. */
    @Override
    public dev.stampede.core.api.Outcome failure(java.sql.SQLException e) {
        return e instanceof java.sql.SQLTransientConnectionException ? SqlStates.acquireFailure(e) : SqlStates.executeFailure(e);
    }

    /** A pool for another target's workload, sized like ours would be for {@code maxConnections} users. */
    @Override
    public dev.stampede.core.target.SqlDatabase.Pool pool(int maxConnections) {
        PgTarget.Pool p = pg.pool(maxConnections);
        return new dev.stampede.core.target.SqlDatabase.Pool() {
            @Override public javax.sql.DataSource dataSource() { return p.dataSource(); }
            @Override public dev.stampede.core.api.Monitor monitor() { return p.monitor(); }
            @Override public void abort() { p.abort(); }
            @Override public void close() { p.close(); }
        };
    }

    @Override
    public void close() {
        try {
            if (health != null) health.close();
        } finally {
            if (embedded != null) embedded.close();
        }
    }
}
