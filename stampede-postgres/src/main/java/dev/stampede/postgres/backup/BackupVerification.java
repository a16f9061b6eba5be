package dev.stampede.postgres.backup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one backup verification found: the dump (made now or given), its restore into a scratch database, and the
 * comparison of every table with the source. Passed only when the restore succeeded and every source table came
 * back with the same rows. Immutable; {@link #toJson()} is what {@code backup-verify.json} holds.
 *
 * @param source        the source database, password masked
 * @param serverVersion the server's version string
 * @param tools         the pg_dump/pg_restore version used
 * @param dump          the dump's path
 * @param format        its archive format
 * @param dumpBytes     its size in bytes (a directory archive: the sum of its files)
 * @param dumpMillis    how long pg_dump took, or -1 when the user gave the dump
 * @param restoreMillis how long pg_restore took, or -1 when it did not run
 * @param scratch       the scratch database's name (created and dropped by the verification)
 * @param snapshotMatched true when the dump and the source figures come from one exported snapshot (dumped now)
 * @param tables        one row per table of the source or the restore
 * @param problems      why it failed, one sentence each; empty when it passed
 */
public record BackupVerification(String source, String serverVersion, String tools, String dump, DumpFormat format,
                                 long dumpBytes, long dumpMillis, long restoreMillis, String scratch, boolean snapshotMatched,
                                 List<TableRow> tables, List<String> problems) {

    /**
     * One table in the comparison.
     *
     * @param table            {@code schema.table}
     * @param sourceRows       rows in the source, or -1 when the table is not in the source
     * @param restoredRows     rows after the restore, or -1 when the restore lacks it
     * @param checksumsMatch   true when both exist and hold the same rows
     */
    public record TableRow(String table, long sourceRows, long restoredRows, boolean checksumsMatch) {
        public boolean ok() { return sourceRows >= 0 && restoredRows >= 0 && checksumsMatch; }
    }

    public boolean passed() { return problems.isEmpty(); }

    /** The problems found comparing {@code src} with {@code restored}, one per table that differs. */
    static List<String> compare(Map<String, TableInventory.TableStats> src, Map<String, TableInventory.TableStats> restored,
                                List<TableRow> rows) {
        List<String> problems = new ArrayList<>();
        for (var e : src.entrySet()) {
            TableInventory.TableStats s = e.getValue(), r = restored.get(e.getKey());
            if (r == null) {
                rows.add(new TableRow(e.getKey(), s.rows(), -1, false));
                problems.add("table " + e.getKey() + " (" + s.rows() + " rows in the source) is missing from the restored database");
                continue;
            }
            boolean same = s.rows() == r.rows() && s.checksum().equals(r.checksum());
            rows.add(new TableRow(e.getKey(), s.rows(), r.rows(), same));
            if (s.rows() != r.rows()) {
                problems.add("table " + e.getKey() + " has " + s.rows() + " rows in the source and " + r.rows() + " after the restore");
            } else if (!same) {
                problems.add("table " + e.getKey() + " has the same row count (" + s.rows() + ") but different contents after the restore");
            }
        }
        for (var e : restored.entrySet()) {
            if (src.containsKey(e.getKey())) continue;
            rows.add(new TableRow(e.getKey(), -1, e.getValue().rows(), false));
            problems.add("table " + e.getKey() + " is in the dump but not in the source");
        }
        return problems;
    }

    /** The report file's content. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("verdict", passed() ? "passed" : "failed");
        m.put("source", source);
        m.put("server_version", serverVersion);
        m.put("tools", tools);
        m.put("dump", dump);
        m.put("format", format == null ? null : format.name().toLowerCase(Locale.ROOT));
        m.put("dump_bytes", dumpBytes);
        m.put("dump_ms", dumpMillis < 0 ? null : dumpMillis);
        m.put("restore_ms", restoreMillis < 0 ? null : restoreMillis);
        m.put("scratch_database", scratch);
        m.put("same_snapshot", snapshotMatched);
        List<Map<String, Object>> ts = new ArrayList<>();
        for (TableRow t : tables) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("table", t.table());
            r.put("source_rows", t.sourceRows() < 0 ? null : t.sourceRows());
            r.put("restored_rows", t.restoredRows() < 0 ? null : t.restoredRows());
            r.put("match", t.ok());
            ts.add(r);
        }
        m.put("tables", ts);
        m.put("problems", problems);
        return m;
    }

    /** A few lines for the terminal. */
    public String summary() {
        StringBuilder b = new StringBuilder();
        long matched = tables.stream().filter(TableRow::ok).count();
        b.append(String.format(Locale.ROOT, "backup verify: %s%n", passed() ? "PASSED" : "FAILED"));
        b.append(String.format(Locale.ROOT, "  source   %s (%s)%n", source, serverVersion));
        b.append(String.format(Locale.ROOT, "  dump     %s, %s, %s%s%n", dump, format == null ? "?" : format.label(), bytes(dumpBytes),
                dumpMillis >= 0 ? String.format(Locale.ROOT, ", dumped in %.1f s", dumpMillis / 1000.0) : " (given)"));
        if (restoreMillis >= 0) {
            b.append(String.format(Locale.ROOT, "  restore  into scratch database %s in %.1f s (dropped afterwards)%n", scratch, restoreMillis / 1000.0));
        }
        b.append(String.format(Locale.ROOT, "  tables   %d of %d match (rows and checksums)%s%n", matched, tables.size(),
                snapshotMatched ? "; source read at the dump's snapshot" : ""));
        for (String p : problems) b.append("  problem  ").append(p).append(System.lineSeparator());
        return b.toString();
    }

    static String bytes(long n) {
        if (n < 1024) return n + " B";
        if (n < 1024 * 1024) return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
        if (n < 1024L * 1024 * 1024) return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
        return String.format(Locale.ROOT, "%.2f GiB", n / (1024.0 * 1024 * 1024));
    }
}
