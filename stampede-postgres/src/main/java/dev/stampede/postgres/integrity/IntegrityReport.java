package dev.stampede.postgres.integrity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The result of one integrity check: how many checks ran, what they found, and what could not be checked and
 * why. Clean when nothing was found; notes alone do not make it unclean. Immutable.
 *
 * @param database the database checked
 * @param schemas  the schemas checked
 * @param checks   checks that ran (constraints, named columns, relations and indexes/tables under amcheck)
 * @param findings problems found, each with a count and a sample
 * @param notes    checks skipped or impossible, each with the reason and the fix
 */
public record IntegrityReport(String database, List<String> schemas, int checks, List<IntegrityFinding> findings, List<String> notes) {

    public boolean clean() { return findings.isEmpty(); }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("verdict", clean() ? "clean" : "findings");
        m.put("database", database);
        m.put("schemas", schemas);
        m.put("checks", checks);
        List<Map<String, Object>> f = new ArrayList<>();
        for (IntegrityFinding x : findings) f.add(x.toJson());
        m.put("findings", f);
        m.put("notes", notes);
        return m;
    }

    public String summary() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "integrity: %s (%d checks on %s in database %s)%n",
                clean() ? "CLEAN" : findings.size() + " FINDING" + (findings.size() == 1 ? "" : "S"), checks, String.join(", ", schemas), database));
        for (IntegrityFinding f : findings) {
            b.append(String.format(Locale.ROOT, "  %-16s %s: %d%s%n      %s%n", f.check(), f.object(), f.count(),
                    f.sample() == null ? "" : " (sample " + f.sample() + ")", f.detail()));
        }
        for (String n : notes) b.append("  note  ").append(n).append(System.lineSeparator());
        return b.toString();
    }
}
