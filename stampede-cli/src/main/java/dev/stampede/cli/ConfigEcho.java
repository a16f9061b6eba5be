package dev.stampede.cli;

import dev.stampede.core.config.Durations;
import dev.stampede.core.config.RunConfig;
import dev.stampede.core.util.Secrets;

import java.util.LinkedHashMap;
import java.util.Map;

/** The effective configuration for the report, with the database URL's password masked. */
final class ConfigEcho {
    private ConfigEcho() {
    }

    static Map<String, Object> of(RunConfig c) {
        Map<String, Object> db = new LinkedHashMap<>();
        db.put("url", c.database().url() == null ? "(embedded)" : Secrets.redact(c.database().url()));
        db.put("pool_size", c.database().poolSize() == null ? "one per user" : c.database().poolSize());
        db.put("max_overflow", c.database().maxOverflow());
        db.put("pool_recycle", Durations.format(c.database().poolRecycle()));
        db.put("pool_timeout", Durations.format(c.database().poolTimeout()));
        db.put("statement_timeout", Durations.format(c.database().statementTimeout()));
        db.put("schema", c.database().schema());
        Map<String, Object> wl = new LinkedHashMap<>();
        wl.put("type", c.workload().type());
        wl.put("scale", c.workload().scale());
        wl.put("read_write_ratio", c.workload().readWriteRatio());
        wl.put("max_tries", c.workload().maxTries());
        if (c.workload().table() != null) wl.put("table", c.workload().table());
        if (!c.workload().statements().isEmpty()) wl.put("statements", c.workload().statements().size());
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("scenarios", c.selected());
        run.put("time_scale", c.timeScale());
        run.put("test_timeout", c.testTimeout() == null ? null : Durations.format(c.testTimeout()));
        run.put("max_workers", c.maxWorkers());
        run.put("seed", c.seed());
        run.put("output_dir", c.outputDir().toString());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("database", db);
        out.put("workload", wl);
        out.put("run", run);
        out.put("load_overrides", c.overrides());
        out.put("thresholds", c.thresholds());
        out.put("rating_bands", c.ratingBands());
        return out;
    }
}
