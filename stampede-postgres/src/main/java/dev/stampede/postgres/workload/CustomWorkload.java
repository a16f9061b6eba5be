package dev.stampede.postgres.workload;

import dev.stampede.core.api.Workload;
import dev.stampede.core.config.ConfigException;
import dev.stampede.core.config.CustomStatement;
import dev.stampede.core.gen.ParamGenerator;
import dev.stampede.core.workload.WeightedWorkload;
import dev.stampede.postgres.OwnSchema;
import dev.stampede.postgres.StatementOperation;
import dev.stampede.postgres.pgbench.CustomTransaction;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code custom} workload: the user's named statements, picked by weight, each parameter drawn
 * from its generator and bound (never spliced). Setup statements run once with {@code search_path}
 * set to Stampede's schema only, and every table they create there is recorded as Stampede's.
 */
public final class CustomWorkload {
    static final String WORKLOAD = "custom";

    private CustomWorkload() {
    }

    /** Runs the setup statements inside Stampede's schema. */
    public static void setup(Connection c, OwnSchema own, List<String> setup) throws SQLException {
        own.ensure(c);
        if (setup.isEmpty()) return;
        Set<String> before = new HashSet<>(own.tablesNow(c));
        try (Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + own.name());
            for (String sql : setup) {
                try {
                    s.execute(sql);
                } catch (SQLException e) {
                    throw new ConfigException("workload.setup statement failed: " + e.getMessage().lines().findFirst().orElse("")
                            + " (SQLSTATE " + e.getSQLState() + "); fix the statement: " + abbreviate(sql));
                }
            }
            s.execute("RESET search_path");
        }
        for (String t : own.tablesNow(c)) {
            if (!before.contains(t)) own.record(c, t, WORKLOAD, 0);
        }
    }

    /** Validates that each statement's :params and its generators match, then builds the workload. */
    public static Workload create(DataSource ds, OwnSchema own, List<CustomStatement> statements, int maxTries) {
        return create(ds, own, statements, maxTries, null);
    }

    /**
     * As {@link #create(DataSource, OwnSchema, List, int)}; statements with a {@code transaction} run its statements in
     * one transaction at {@code isolation} (null: the server's default).
     */
    public static Workload create(DataSource ds, OwnSchema own, List<CustomStatement> statements, int maxTries, String isolation) {
        List<WeightedWorkload.Entry> entries = new ArrayList<>();
        for (CustomStatement st : statements) {
            if (!st.transaction().isEmpty()) {
                entries.add(new WeightedWorkload.Entry(CustomTransaction.create(st, ds, maxTries, isolation), st.weight()));
                continue;
            }
            NamedSql named = NamedSql.parse(st.sql());
            Set<String> used = new LinkedHashSet<>(named.params());
            for (String p : used) {
                if (!st.params().containsKey(p)) {
                    throw new ConfigException("statement '" + st.name() + "' uses :" + p + " but has no generator for it; "
                            + "add params." + p + " (for example {type: int, min: 1, max: 1000})");
                }
            }
            for (String p : st.params().keySet()) {
                if (!used.contains(p)) {
                    throw new ConfigException("statement '" + st.name() + "' defines params." + p + " but its SQL never uses :" + p);
                }
            }
            ParamGenerator[] gens = new ParamGenerator[named.params().size()];
            for (int i = 0; i < gens.length; i++) gens[i] = ParamGenerator.of(st.params().get(named.params().get(i)));
            String sql = named.sql();
            entries.add(new WeightedWorkload.Entry(new StatementOperation(st.name(), ds, maxTries, sql, r -> {
                Object[] values = new Object[gens.length];
                for (int i = 0; i < gens.length; i++) values[i] = gens[i].next(r);
                return values;
            }), st.weight()));
        }
        return new WeightedWorkload(WORKLOAD, entries);
    }

    private static String abbreviate(String s) {
        String t = s.replaceAll("\\s+", " ").trim();
        return t.length() > 120 ? t.substring(0, 117) + "..." : t;
    }
}
