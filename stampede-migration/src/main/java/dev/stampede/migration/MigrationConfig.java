package dev.stampede.migration;

import dev.stampede.core.config.ConfigException;
import dev.stampede.core.config.ConfigSection;
import dev.stampede.core.config.Durations;
import dev.stampede.core.target.TargetSettings;
import dev.stampede.core.verdict.Status;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code migration} section, validated. Immutable.
 *
 * @param phases                 the phases in order (checked by {@link PhaseOrder})
 * @param backfillRowsPerSec     the backfill's rate limit, rows per second
 * @param backfillBatch          rows per backfill batch (one SCAN page, one PostgreSQL transaction)
 * @param maxP95DegradationPct   a phase's p95 may exceed the baseline phase's by at most this many percent
 * @param maxErrorRateIncreasePp a phase's error rate may exceed the baseline's by at most this many percentage points
 * @param degradationStatus      the status of a degradation verdict over its limit: WARNING (default) or FAILED
 * @param skipEvery              injected backfill bug: skip every n-th key (0 for none), to prove verify finds it
 * @param dropEvery              injected dual-write bug: every n-th mirror write to PostgreSQL fails (0 for none)
 */
record MigrationConfig(List<MigrationPhase> phases, double backfillRowsPerSec, int backfillBatch, int players, int games,
                       double maxP95DegradationPct, double maxErrorRateIncreasePp, Status degradationStatus, boolean force,
                       int redisConnections, int skipEvery, int dropEvery) implements TargetSettings {
    static final Set<String> KEYS = Set.of("phases", "backfill_rate", "backfill_batch", "players", "games", "max_p95_degradation_percent",
            "max_error_rate_increase_percent", "degradation_verdict", "force", "redis_connections", "inject");
    static final List<PhaseKind> DEFAULT_ORDER = List.of(PhaseKind.BASELINE, PhaseKind.DUAL_WRITE, PhaseKind.BACKFILL, PhaseKind.VERIFY,
            PhaseKind.SHADOW_READS, PhaseKind.CUTOVER, PhaseKind.ROLLBACK);

    MigrationConfig {
        phases = List.copyOf(phases);
    }

    @Override public boolean configured() { return false; }

    @Override
    public Map<String, Object> echo() {
        Map<String, Object> m = new LinkedHashMap<>();
        List<String> p = new ArrayList<>();
        for (MigrationPhase ph : phases) p.add(ph.name() + (ph.kind() == PhaseKind.COMMAND ? " (command)" : "") + " " + ph.duration().toSeconds() + "s");
        m.put("phases", p);
        m.put("backfill_rate", backfillRowsPerSec);
        m.put("backfill_batch", backfillBatch);
        m.put("players", players);
        m.put("games", games);
        m.put("max_p95_degradation_percent", maxP95DegradationPct);
        m.put("max_error_rate_increase_percent", maxErrorRateIncreasePp);
        m.put("force", force);
        if (skipEvery > 0 || dropEvery > 0) m.put("inject", Map.of("backfill_skip_every", skipEvery, "dual_write_drop_every", dropEvery));
        return m;
    }

    static MigrationConfig bind(ConfigSection r) {
        r.allowOnly(KEYS);
        List<MigrationPhase> phases = phases(r);
        boolean force = r.bool("force", false);
        PhaseOrder.problem(phases, force).ifPresent(why -> {
            throw new ConfigException("migration.phases (from " + r.tree().origin(r.full("phases")) + ") is refused: " + why
                    + ". Reorder the phases (" + String.join(", ", names(phases)) + "), or set migration.force: true to run it anyway");
        });
        String verdict = r.string("degradation_verdict", "warning").toLowerCase(java.util.Locale.ROOT);
        if (!verdict.equals("warning") && !verdict.equals("failed")) throw r.bad("degradation_verdict", r.raw().get("degradation_verdict"), "warning or failed");
        int skip = 0, drop = 0;
        if (r.has("inject")) {
            ConfigSection in = r.child("inject");
            in.allowOnly(Set.of("backfill_skip_every", "dual_write_drop_every"));
            skip = in.integer("backfill_skip_every", 0, 0, Integer.MAX_VALUE);
            drop = in.integer("dual_write_drop_every", 0, 0, Integer.MAX_VALUE);
        }
        return new MigrationConfig(phases, r.number("backfill_rate", 2000.0, 1, 10_000_000), r.integer("backfill_batch", 200, 1, 100_000),
                r.integer("players", 1000, 1, 10_000_000), r.integer("games", 200, 1, 10_000_000),
                r.number("max_p95_degradation_percent", 20.0, 0, 1e6), r.number("max_error_rate_increase_percent", 1.0, 0, 100),
                verdict.equals("failed") ? Status.FAILED : Status.WARNING, force, r.integer("redis_connections", 4, 1, 1000), skip, drop);
    }

    private static List<String> names(List<MigrationPhase> phases) {
        return phases.stream().map(MigrationPhase::name).toList();
    }

    private static List<MigrationPhase> phases(ConfigSection r) {
        JsonNode n = r.raw().get("phases");
        List<MigrationPhase> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            for (PhaseKind k : DEFAULT_ORDER) out.add(MigrationPhase.of(k));
            return out;
        }
        String expected = "a list of phases: names (baseline, dual-write, backfill, verify, shadow-reads, cutover, rollback) or "
                + "mappings {type, name, duration, command, timeout, marks}";
        List<JsonNode> items = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(items::add);
        } else if (n.isTextual()) {
            for (String s : n.asText().split("[,\\s]+")) {
                if (!s.isBlank()) items.add(r.raw().textNode(s));
            }
        } else {
            throw r.bad("phases", n, expected);
        }
        for (JsonNode item : items) {
            if (item.isTextual()) {
                PhaseKind k = PhaseKind.of(item.asText());
                if (k == null || k == PhaseKind.COMMAND) throw r.bad("phases", item, expected + " (a command phase needs a mapping with its command)");
                out.add(MigrationPhase.of(k));
                continue;
            }
            if (!item.isObject()) throw r.bad("phases", item, expected);
            for (var it = item.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!Set.of("type", "name", "duration", "command", "timeout", "marks").contains(f)) {
                    throw r.bad("phases", item, expected + "; unknown key '" + f + "'");
                }
            }
            PhaseKind k = PhaseKind.of(item.path("type").asText(item.path("name").asText("")));
            if (k == null) throw r.bad("phases", item, expected + "; type is one of baseline, dual-write, backfill, verify, shadow-reads, cutover, rollback, command");
            String name = item.path("name").asText(k.id());
            if (!name.matches("[a-z0-9][a-z0-9_-]{0,40}")) throw r.bad("phases", item, "a phase name of lower-case letters, digits, - and _");
            Duration d = item.has("duration") ? duration(r, item.get("duration")) : k.defaultDuration;
            List<String> command = new ArrayList<>(), marks = new ArrayList<>();
            Duration timeout = null;
            if (k == PhaseKind.COMMAND) {
                JsonNode c = item.get("command");
                if (c == null || c.isNull()) throw r.bad("phases", item, "a command phase with its command, such as command: [./migrate.sh, --live]");
                if (c.isArray()) c.forEach(x -> command.add(x.asText()));
                else command.addAll(List.of("sh", "-c", c.asText()));
                if (command.isEmpty()) throw r.bad("phases", item, "a non-empty command");
                timeout = item.has("timeout") ? duration(r, item.get("timeout")) : d;
                JsonNode m = item.get("marks");
                if (m != null && m.isArray()) m.forEach(x -> marks.add(x.asText()));
                for (String mark : marks) {
                    if (!mark.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,40}")) throw r.bad("phases", item, "marks of letters, digits, '.', '-' and '_'");
                }
            } else if (item.has("command") || item.has("timeout") || item.has("marks")) {
                throw r.bad("phases", item, "command, timeout and marks only on a phase of type command");
            }
            out.add(new MigrationPhase(name, k, d, command, timeout, marks));
        }
        return out;
    }

    private static Duration duration(ConfigSection r, JsonNode value) {
        try {
            Duration d = Durations.parse(value.asText(), 1);
            if (d.isZero() || d.isNegative()) throw r.bad("phases", value, "a positive duration such as 30s");
            return d;
        } catch (IllegalArgumentException e) {
            throw r.bad("phases", value, "a duration such as 30s or 2m");
        }
    }
}
