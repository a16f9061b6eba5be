package dev.stampede.postgres.pgbench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * pgbench's built-in scripts, by pgbench's names, with the text {@code pgbench --show-script} prints (PostgreSQL 15).
 * A unique prefix selects one, as with {@code pgbench -b}. Stateless.
 */
public final class BuiltinScripts {
    private static final String SETS = """
            \\set aid random(1, 100000 * :scale)
            \\set bid random(1, 1 * :scale)
            \\set tid random(1, 10 * :scale)
            \\set delta random(-5000, 5000)
            """;
    static final Map<String, String> TEXT;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("tpcb-like", SETS + """
                BEGIN;
                UPDATE pgbench_accounts SET abalance = abalance + :delta WHERE aid = :aid;
                SELECT abalance FROM pgbench_accounts WHERE aid = :aid;
                UPDATE pgbench_tellers SET tbalance = tbalance + :delta WHERE tid = :tid;
                UPDATE pgbench_branches SET bbalance = bbalance + :delta WHERE bid = :bid;
                INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (:tid, :bid, :aid, :delta, CURRENT_TIMESTAMP);
                END;
                """);
        m.put("simple-update", SETS + """
                BEGIN;
                UPDATE pgbench_accounts SET abalance = abalance + :delta WHERE aid = :aid;
                SELECT abalance FROM pgbench_accounts WHERE aid = :aid;
                INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (:tid, :bid, :aid, :delta, CURRENT_TIMESTAMP);
                END;
                """);
        m.put("select-only", """
                \\set aid random(1, 100000 * :scale)
                SELECT abalance FROM pgbench_accounts WHERE aid = :aid;
                """);
        TEXT = Map.copyOf(m);
    }

    private BuiltinScripts() {
    }

    public static List<String> names() { return List.of("tpcb-like", "simple-update", "select-only"); }

    /** The built-in whose name starts with {@code prefix}, or null when none or several do. */
    public static String resolve(String prefix) {
        if (TEXT.containsKey(prefix)) return prefix;
        List<String> hits = names().stream().filter(n -> n.startsWith(prefix)).toList();
        return hits.size() == 1 ? hits.get(0) : null;
    }

    public static String text(String name) { return TEXT.get(name); }
}
