package dev.stampede.core.fault;

import dev.stampede.core.config.ConfigException;
import dev.stampede.core.config.Durations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a scenario's {@code faults:} list, for example
 * {@code [{target: database, kind: blackhole, at: 30s, for: 10s}, {target: redis, kind: latency, latency: 50ms,
 * jitter: 10ms, at: 5s, for: 20s}]}, into {@link FaultWindow}s, checking every key and value against what each kind
 * accepts and the windows against the phase they fall in. Every error names the fault by its position, the key and
 * what is accepted. Stateless.
 */
public final class FaultSpecs {
    /** The kinds, in documentation order. */
    public static final List<String> KINDS = List.of("latency", "bandwidth", "blackhole", "refuse", "reset", "close-after");
    private static final Set<String> COMMON = Set.of("target", "kind", "at", "for");

    private FaultSpecs() {
    }

    /**
     * @param specs    the list as the configuration file has it (maps of scalars)
     * @param where    where it came from, for messages ("scenario outage in stampede.yaml")
     * @param targets  the target sections configured in this run
     * @param phase    the measured phase's length: a window must end within it
     */
    public static List<FaultWindow> parse(List<?> specs, String where, Set<String> targets, Duration phase) {
        Map<String, Map<String, Set<String>>> sections = new java.util.LinkedHashMap<>();
        for (String t : targets) sections.put(t, Map.of());
        List<FaultWindow> out = parse(specs, where, sections);
        within(out, where, phase);
        return out;
    }

    /**
     * As {@link #parse(List, String, Set, Duration)} without the phase check (done by {@link #within} once the
     * scenario's phases are scaled), with each section's server-side kinds and their keys
     * ({@link dev.stampede.core.target.TargetProvider#serverFaults()}).
     */
    public static List<FaultWindow> parse(List<?> specs, String where, Map<String, Map<String, Set<String>>> sections) {
        List<FaultWindow> out = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            String label = "fault #" + (i + 1) + " of " + where;
            if (!(specs.get(i) instanceof Map<?, ?> raw)) {
                throw new ConfigException(label + " is not a mapping; write it as {target: database, kind: blackhole, at: 30s, for: 10s}");
            }
            out.add(one(raw, label, sections));
        }
        return out;
    }

    /** Fails when a window of {@code windows} ends after {@code phase} (the measured time from the first recorded phase's start). */
    public static void within(List<FaultWindow> windows, String where, Duration phase) {
        for (int i = 0; i < windows.size(); i++) {
            FaultWindow w = windows.get(i);
            if (phase != null && w.end().compareTo(phase) > 0) {
                throw new ConfigException("fault #" + (i + 1) + " of " + where + " runs from " + Durations.format(w.at()) + " to "
                        + Durations.format(w.end()) + ", past the end of the measured phase (" + Durations.format(phase)
                        + "); start it earlier, shorten it or lengthen the scenario");
            }
        }
    }

    private static FaultWindow one(Map<?, ?> m, String label, Map<String, Map<String, Set<String>>> sections) {
        Set<String> targets = sections.keySet();
        String target = text(m, "target", label);
        if (target == null) throw new ConfigException(label + " has no target; one of " + String.join(", ", new TreeSet<>(targets)));
        if (!targets.contains(target)) {
            throw new ConfigException(label + ": target '" + target + "' is not a target of this build; faults apply to "
                    + String.join(", ", new TreeSet<>(targets)));
        }
        Map<String, Set<String>> serverKinds = sections.get(target);
        List<String> kinds = new ArrayList<>(KINDS);
        kinds.addAll(new TreeSet<>(serverKinds.keySet()));
        String kind = text(m, "kind", label);
        if (kind == null) throw new ConfigException(label + " has no kind; one of " + String.join(", ", kinds));
        kind = kind.toLowerCase(Locale.ROOT);
        if (!kinds.contains(kind)) {
            throw new ConfigException(label + ": unknown kind '" + kind + "' for target " + target + "; one of " + String.join(", ", kinds));
        }
        Set<String> allowed = new TreeSet<>(COMMON);
        allowed.addAll(switch (kind) {
            case "latency" -> Set.of("latency", "jitter", "direction");
            case "bandwidth" -> Set.of("bytes_per_second", "direction");
            case "close-after" -> Set.of("bytes");
            default -> serverKinds.getOrDefault(kind, Set.of());
        });
        for (Object k : m.keySet()) {
            if (!allowed.contains(String.valueOf(k))) {
                throw new ConfigException(label + ": unknown key '" + k + "' for a " + kind + " fault; known: " + String.join(", ", allowed));
            }
        }
        Duration at = duration(m, "at", label, Duration.ZERO, true);
        Duration length = duration(m, "for", label, null, false);
        if (length == null) throw new ConfigException(label + " has no 'for' (how long it lasts), for example for: 10s");
        if (serverKinds.containsKey(kind)) {
            Map<String, String> params = new java.util.TreeMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = String.valueOf(e.getKey());
                if (!COMMON.contains(k)) params.put(k, text(m, k, label));
            }
            return new FaultWindow(target, new Fault.Server(kind, params), at, length);
        }
        Fault f = switch (kind) {
            case "latency" -> {
                Duration lat = duration(m, "latency", label, null, false);
                if (lat == null) throw new ConfigException(label + " has no 'latency', for example latency: 50ms");
                Duration jit = duration(m, "jitter", label, Duration.ZERO, true);
                if (jit.compareTo(lat) > 0) throw new ConfigException(label + ": jitter " + Durations.format(jit) + " is larger than the latency "
                        + Durations.format(lat) + "; a delay cannot be negative");
                yield new Fault.Latency(lat, jit, direction(m, label));
            }
            case "bandwidth" -> new Fault.Bandwidth(positive(m, "bytes_per_second", label), direction(m, label));
            case "close-after" -> new Fault.CloseAfter(positive(m, "bytes", label));
            case "blackhole" -> new Fault.Blackhole();
            case "refuse" -> new Fault.Refuse();
            default -> new Fault.Reset();
        };
        return new FaultWindow(target, f, at, length);
    }

    private static String text(Map<?, ?> m, String key, String label) {
        Object v = m.get(key);
        if (v == null) return null;
        if (v instanceof Map || v instanceof List) throw new ConfigException(label + ": '" + key + "' must be a single value, not " + v);
        return String.valueOf(v).strip();
    }

    private static Duration duration(Map<?, ?> m, String key, String label, Duration dflt, boolean zeroOk) {
        String v = text(m, key, label);
        if (v == null) return dflt;
        Duration d;
        try {
            d = Durations.parse(v, 1);
        } catch (RuntimeException e) {
            throw new ConfigException(label + ": '" + key + "' is '" + v + "', not a duration; write it like 500ms, 10s or 2m");
        }
        if (d.isNegative() || (!zeroOk && d.isZero())) {
            throw new ConfigException(label + ": '" + key + "' must be " + (zeroOk ? "zero or more" : "more than zero") + ", not " + v);
        }
        return d;
    }

    private static long positive(Map<?, ?> m, String key, String label) {
        String v = text(m, key, label);
        if (v == null) throw new ConfigException(label + " has no '" + key + "'");
        try {
            long n = Long.parseLong(v.replace("_", ""));
            if (n < 1) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException(label + ": '" + key + "' is '" + v + "', not a whole number of at least 1");
        }
    }

    private static Fault.Direction direction(Map<?, ?> m, String label) {
        String v = text(m, "direction", label);
        if (v == null) return Fault.Direction.DOWNSTREAM;
        try {
            return Fault.Direction.valueOf(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(label + ": direction '" + v + "' is not one of upstream, downstream, both");
        }
    }
}
