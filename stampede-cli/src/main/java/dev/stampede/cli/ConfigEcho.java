package dev.stampede.cli;

import dev.stampede.core.config.Durations;
import dev.stampede.core.config.RunConfig;

import java.util.LinkedHashMap;
import java.util.Map;

/** The effective configuration for the report: each target's own echo (secrets masked), then the run's settings. */
final class ConfigEcho {
    private ConfigEcho() {
    }

    static Map<String, Object> of(RunConfig c) {
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
        run.put("threads", c.threads().name().toLowerCase(java.util.Locale.ROOT));
        run.put("max_run_time", c.maxRunTime() == null ? "auto" : Durations.format(c.maxRunTime()));
        run.put("output_dir", c.outputDir().toString());
        run.put("dashboard", c.dashboardPort()); // the token is never echoed
        Map<String, Object> out = new LinkedHashMap<>();
        c.targets().forEach((name, settings) -> out.put(name, settings.echo()));
        c.unclaimed().forEach((section, echo) -> out.put(section + " (no module in this build)", echo));
        out.put("workload", wl);
        out.put("run", run);
        Map<String, Object> load = new LinkedHashMap<>();
        var o = c.overrides();
        if (o.connections() != null) load.put("connections", o.connections());
        if (o.duration() != null) load.put("duration", Durations.format(o.duration()));
        if (o.qpsTarget() != null) load.put("qps_target", o.qpsTarget());
        if (o.arrival() != null) load.put("arrival", o.arrival().name().toLowerCase(java.util.Locale.ROOT));
        if (o.readWriteRatio() != null) load.put("read_write_ratio", o.readWriteRatio());
        if (o.rampUp() != null) load.put("ramp_up", Durations.format(o.rampUp()));
        if (o.thinkTime() != null) load.put("think_time", Durations.format(o.thinkTime()));
        if (o.iterations() != null) load.put("iterations", o.iterations());
        if (o.pace() != null) load.put("pace", Durations.format(o.pace()));
        out.put("load_overrides", load);
        out.put("thresholds", c.thresholds());
        out.put("rating_bands", c.ratingBands());
        return out;
    }

    /**
     * First 16 hex digits of the SHA-256 of {@code echo} as canonical JSON (keys sorted): the same effective
     * configuration gives the same hash, whatever the order its layers were given in. The echo has its secrets
     * masked, so the hash reveals none.
     */
    static String hash(Map<String, Object> echo) {
        try {
            com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper()
                    .configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
            byte[] json = m.writeValueAsBytes(echo);
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(json);
            return java.util.HexFormat.of().formatHex(d, 0, 8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash the configuration echo: " + e.getMessage(), e);
        }
    }
}
