package dev.stampede.postgres;

import dev.stampede.core.advisor.AdvisorRule;
import dev.stampede.core.advisor.Recommendation;
import dev.stampede.core.metrics.ErrorSummary;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Advice from PostgreSQL error classes seen during the run: each rule fires only when its SQLSTATE
 * class actually occurred, and quotes the count and a sample message as evidence.
 */
public final class PgAdvisorRules {
    private PgAdvisorRules() {
    }

    public static final List<AdvisorRule> ALL = List.of((run, ctx) -> {
        List<Recommendation> out = new ArrayList<>();
        for (ErrorSummary e : run.metrics().all().errors()) {
            String ev = String.format(Locale.ROOT, "%d attempts failed with SQLSTATE class %s (%s); sample: %s",
                    e.total(), e.code(), e.label(), e.sample());
            switch (e.code()) {
                case "53" -> out.add(new Recommendation("high", "The server ran out of resources", ev,
                        "If the sample says 'too many clients', lower the pool size or raise max_connections (or add "
                                + "PgBouncer); for out-of-memory or disk-full, give the server more of it."));
                case "57" -> out.add(new Recommendation("high", "Statements were cancelled (statement_timeout or admin)", ev,
                        "Find the slow statements (pg_stat_statements, EXPLAIN ANALYZE) and fix their plans, or raise "
                                + "database.statement_timeout if they are legitimately long."));
                case "40" -> out.add(new Recommendation("medium", "Transactions still failed after retries", ev,
                        "Raise workload.max_tries, and reduce contention on hot rows (shorter transactions, consistent "
                                + "lock order)."));
                case "08" -> out.add(new Recommendation("high", "Connections to the server failed or broke", ev,
                        "Check the server log and the network; a server restart or an idle-connection killer "
                                + "(firewall, proxy) ends sessions."));
                case "23" -> out.add(new Recommendation("low", "Integrity constraints rejected writes", ev,
                        "Expected only if the workload writes conflicting keys on purpose; otherwise check the data the "
                                + "statements generate."));
                case "42" -> out.add(new Recommendation("high", "Statements are invalid or not permitted", ev,
                        "Fix the SQL or grant the missing privilege; these attempts never ran."));
                default -> { }
            }
        }
        return out;
    });
}
