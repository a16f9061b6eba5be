package dev.stampede.postgres.pgbench;

import dev.stampede.core.api.Workload;
import dev.stampede.core.config.ConfigException;
import dev.stampede.core.workload.WeightedWorkload;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code pgbench} workload: pgbench scripts (built-ins by name or files, {@code name@weight}) picked by
 * weight per transaction, as {@code pgbench -b/-f name@weight} does, each one operation named after its script.
 * Parsing happens once, before anything connects, so a bad script is exit 2 with its file, line and column.
 */
public final class PgbenchWorkload {
    public static final String TYPE = "pgbench";

    private PgbenchWorkload() {
    }

    /** Parses every script spec ({@code tpcb-like}, {@code my.sql@3}); the default is tpcb-like, as pgbench's. */
    public static List<Script> parse(List<String> specs) {
        List<String> list = specs.isEmpty() ? List.of("tpcb-like") : specs;
        List<Script> out = new ArrayList<>();
        for (String spec : list) out.add(parseOne(spec));
        return out;
    }

    static Script parseOne(String spec) {
        String source = spec;
        double weight = 1;
        int at = spec.lastIndexOf('@');
        if (at >= 0) {
            source = spec.substring(0, at);
            String w = spec.substring(at + 1).trim();
            try {
                weight = Double.parseDouble(w);
            } catch (NumberFormatException e) {
                throw new ConfigException("pgbench script '" + spec + "': the weight after '@' must be a number, not '" + w
                        + "'; write it as " + source + "@3");
            }
            if (!(weight >= 0) || Double.isInfinite(weight)) {
                throw new ConfigException("pgbench script '" + spec + "': the weight must be zero or more, not " + w);
            }
        }
        if (source.isBlank()) throw new ConfigException("pgbench script '" + spec + "' names no script; use a file or one of " + BuiltinScripts.names());
        String builtin = BuiltinScripts.resolve(source);
        Path file = Path.of(source);
        if (builtin != null && !Files.exists(file)) return ScriptParser.parse(builtin, BuiltinScripts.text(builtin), weight);
        try {
            return ScriptParser.parse(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8), weight);
        } catch (NoSuchFileException e) {
            throw new ConfigException("pgbench script '" + source + "' is neither a file (" + file.toAbsolutePath() + " does not exist) "
                    + "nor a built-in (" + String.join(", ", BuiltinScripts.names()) + ")");
        } catch (IOException e) {
            throw new ConfigException("pgbench script " + file + " cannot be read: " + e.getMessage());
        }
    }

    /** The scripts as weighted operations on {@code ds}, with pgbench's :scale and a :client_id per thread. */
    public static Workload create(DataSource ds, List<Script> scripts, PgbenchTables tables, int maxTries, String isolation) {
        Map<String, Object> base = new HashMap<>();
        base.put("scale", (long) tables.scale());
        SplittableRandom seeds = new SplittableRandom();
        base.put("default_seed", seeds.nextLong());
        base.put("random_seed", seeds.nextLong());
        AtomicLong nextClient = new AtomicLong();
        ThreadLocal<Long> clientId = ThreadLocal.withInitial(nextClient::getAndIncrement);
        List<WeightedWorkload.Entry> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Script s : scripts) {
            if (s.weight() == 0) continue;
            String name = s.name();
            for (int i = 2; !names.add(name); i++) name = s.name() + "#" + i;
            Script q = s.rewriteSql(tables::qualify);
            entries.add(new WeightedWorkload.Entry(ScriptOperation.of(name, q, ds, maxTries, isolation, false, base, null, clientId), s.weight()));
        }
        if (entries.isEmpty()) throw new ConfigException("every pgbench script has weight 0; give at least one a positive weight");
        return new WeightedWorkload(TYPE, entries);
    }
}
