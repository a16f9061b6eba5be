package dev.stampede.postgres.pgbench;

import dev.stampede.core.config.ConfigException;
import dev.stampede.core.config.CustomStatement;
import dev.stampede.core.gen.ParamGenerator;
import dev.stampede.postgres.workload.NamedSql;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code custom} workload statement with a {@code transaction}: its statements run in order in one transaction
 * (at the configured isolation level), retried as a whole on serialization failures and deadlocks; each
 * {@code :param} is drawn from its generator once per attempt's run, and the columns of the rows a statement returns
 * become variables for the statements after it (the last row wins, as pgbench's {@code \aset}). Runs on the same
 * executor as pgbench scripts. Stateless.
 */
public final class CustomTransaction {
    private CustomTransaction() {
    }

    public static ScriptOperation create(CustomStatement st, DataSource ds, int maxTries, String isolation) {
        List<Command> commands = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (String sql : st.transaction()) {
            NamedSql named = NamedSql.parse(sql);
            used.addAll(named.params());
            String text = sql.replaceAll("\\s+", " ").trim();
            commands.add(new Command.Sql(texts.size(), texts.size() + 1, text, named.sql(), named.params(), Command.SqlKind.STATEMENT, "", true));
            texts.add(text);
        }
        for (String p : st.params().keySet()) {
            if (!used.contains(p)) {
                throw new ConfigException("statement '" + st.name() + "' defines params." + p + " but no statement of its transaction uses :" + p);
            }
        }
        Map<String, ParamGenerator> gens = new LinkedHashMap<>();
        st.params().forEach((k, v) -> gens.put(k, ParamGenerator.of(v)));
        Script script = new Script(st.name(), st.weight(), commands, texts, 1);
        return ScriptOperation.of(st.name(), script, ds, maxTries, isolation, true, Map.of(), (vars, random) ->
                gens.forEach((k, g) -> vars.put(k, g.next(random))), ThreadLocal.withInitial(() -> 0L));
    }
}
