package dev.stampede.postgres.health;

import dev.stampede.core.report.RunReport;
import static dev.stampede.core.report.CsvReportWriter.q;
import dev.stampede.core.report.ScenarioReport;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The health section as CSV: {@code pg_statements.csv} (every statement with calls in the window),
 * {@code pg_tables.csv} and {@code pg_cross_check.csv}. Written only when some scenario has the section.
 */
public final class HealthCsv {
    private HealthCsv() {
    }

    public static List<Path> write(RunReport report, Path dir) throws IOException {
        boolean any = report.scenarios().stream().anyMatch(s -> s.extras().get(HealthReport.KEY) instanceof HealthReport);
        if (!any) return List.of();
        Path st = dir.resolve("pg_statements.csv"), tb = dir.resolve("pg_tables.csv"), cc = dir.resolve("pg_cross_check.csv");
        try (BufferedWriter s = Files.newBufferedWriter(st); BufferedWriter t = Files.newBufferedWriter(tb);
             BufferedWriter c = Files.newBufferedWriter(cc)) {
            s.write("scenario,query_id,calls,total_ms,mean_ms,rows,shared_blks_hit,shared_blks_read,temp_blks_written,query\n");
            t.write("scenario,table,seq_scans,seq_rows_read,index_scans,inserted,updated,deleted,live_rows,dead_rows,size_bytes,growth_bytes\n");
            c.write("scenario,operation,client_attempts,client_mean_ms,client_pool_wait_ms,server_calls,server_mean_ms,"
                    + "client_minus_server_ms,writes,commit_wal_flush_ms,rest_network_driver_ms\n");
            for (ScenarioReport sr : report.scenarios()) {
                if (!(sr.extras().get(HealthReport.KEY) instanceof HealthReport h)) continue;
                for (StatementDelta d : h.allStatements()) {
                    s.write(f("%s,%d,%d,%.3f,%.4f,%d,%d,%d,%d,%s\n", q(sr.name()), d.queryId(), d.calls(), d.totalMs(), d.meanMs(),
                            d.rows(), d.hitBlocks(), d.readBlocks(), d.tempBlocksWritten(), q(d.query())));
                }
                for (TableDelta d : h.tables()) {
                    t.write(f("%s,%s,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d\n", q(sr.name()), q(d.qualified()), d.seqScans(), d.seqRowsRead(),
                            d.indexScans(), d.inserted(), d.updated(), d.deleted(), d.liveRows(), d.deadRows(), d.sizeBytes(), d.growthBytes()));
                }
                for (CrossCheck x : h.crossCheck()) {
                    c.write(f("%s,%s,%d,%.4f,%.4f,%d,%.4f,%.4f,%s,%s,%s\n", q(sr.name()), q(x.operation()), x.clientAttempts(),
                            x.clientMeanMs(), x.clientAcquireMs(), x.serverCalls(), x.serverMeanMs(), x.overheadMs(), x.writes(),
                            x.commitMs() == null ? "" : f("%.4f", x.commitMs()), x.restMs() == null ? "" : f("%.4f", x.restMs())));
                }
            }
        }
        return List.of(st, tb, cc);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
