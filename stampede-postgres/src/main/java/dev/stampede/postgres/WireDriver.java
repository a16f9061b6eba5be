package dev.stampede.postgres;

import dev.stampede.postgres.wire.WireSettings;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Whether a scenario can run on the wire driver ({@code database.driver: wire}), and its connection settings. The
 * wire driver speaks plaintext only and holds one connection per user, so it runs when: the URL asks for no TLS
 * ({@code sslmode} unset, disable, allow or prefer: prefer then means no TLS, unlike pgjdbc, which would use it when
 * the server offers it), names no other driver parameter, the workload has a wire form (select-only), and users
 * hold their connections (closed model without think time or pace, DB_POOL_SIZE unset), and no statement-timeout
 * fault is scheduled (it reaches sessions through the pool's borrow). Otherwise the scenario runs
 * on pgjdbc and {@link #whyNot} is the one line that says why. Stateless.
 */
final class WireDriver {
    private static final Set<String> PLAINTEXT = Set.of("disable", "allow", "prefer");

    private WireDriver() {
    }

    /** Null when the wire driver can run, else why not (one clause, for "running on jdbc: ..."). */
    static String whyNot(DatabaseUrl url, boolean hasWireForm, String workloadType, boolean heldPerUser, boolean sessionFault) {
        for (Map.Entry<String, String> p : url.params().entrySet()) {
            if (p.getKey().equals("sslmode")) {
                if (!PLAINTEXT.contains(p.getValue())) {
                    return "sslmode=" + p.getValue() + " asks for TLS, which the wire driver does not speak";
                }
            } else {
                return "the URL parameter " + p.getKey() + " is one only pgjdbc understands";
            }
        }
        if (!hasWireForm) return "workload '" + workloadType + "' has no wire form (only select-only has)";
        if (!heldPerUser) {
            return "the wire driver holds one connection per user, which needs a closed model without think time or pace "
                    + "and DB_POOL_SIZE unset";
        }
        if (url.user() == null) return "the URL names no user (the wire driver does not guess the OS user)";
        if (sessionFault) {
            return "a statement-timeout fault changes the pool's sessions on their next borrow, and the wire driver's sessions "
                    + "are opened once per user";
        }
        return null;
    }

    /** The wire client's settings: the same user, database, application_name, search_path and statement_timeout as the pool. */
    static WireSettings settings(DatabaseUrl url, DatabaseConfig config) {
        Map<String, String> startup = new LinkedHashMap<>();
        startup.put("application_name", PgTarget.APP_NAME);
        startup.put("options", PgTarget.sessionOptions(config));
        return new WireSettings(url.host(), url.port(), url.database(), url.user(), url.password(), startup, PgTarget.CONNECT_TIMEOUT);
    }
}
