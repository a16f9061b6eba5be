package dev.stampede.core.shard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * {@code bundle.json}: what a result bundle is. Written when the shard starts, rewritten as each scenario starts and
 * ends and when the run ends ({@code status} {@code complete}), always by an atomic rename, so a shard killed at any
 * moment leaves a readable manifest that says how far it got. Immutable.
 *
 * @param format          the bundle layout's version ({@value #FORMAT})
 * @param stampedeVersion the version of Stampede that wrote it; a merge refuses other versions unless accepted
 * @param planFingerprint {@link PlanJson#fingerprint} of the whole (unsharded) plans: equal for all shards of a run
 * @param startAt         the run's {@code --start-at}, ISO-8601
 * @param status          {@value #RUNNING} until the run ended, then {@value #COMPLETE}
 * @param scenarios       the scenarios begun, in order
 */
public record BundleManifest(int format, String stampedeVersion, String planFingerprint, int shardIndex, int shardCount,
                             String startAt, String createdAt, String status, List<Scenario> scenarios) {
    public static final int FORMAT = 1;
    public static final String FILE = "bundle.json";
    public static final String RUNNING = "running";
    public static final String COMPLETE = "complete";

    public BundleManifest {
        scenarios = scenarios == null ? List.of() : List.copyOf(scenarios);
    }

    /**
     * One scenario of the shard.
     *
     * @param file             base name of its files under {@code intervals/} and {@code scenarios/}
     * @param plannedStartMillis when its load was to start on every shard (epoch milliseconds)
     * @param startedAtMillis  when it actually started here (epoch milliseconds, this host's clock)
     * @param finished         its end-of-scenario summary was written
     * @param clock            this host's clock against a clock every shard reads ({@code ClockReference}), read as the
     *                         scenario started; null when no target offers one
     */
    public record Scenario(String name, String file, long plannedStartMillis, long startedAtMillis, boolean finished,
                           ClockOffset clock) {
        /** With {@code startedAtMillis} corrected, the rest as it is. */
        public Scenario startedAt(long millis) {
            return new Scenario(name, file, plannedStartMillis, millis, finished, clock);
        }

        /** Marked finished. */
        public Scenario finish() {
            return new Scenario(name, file, plannedStartMillis, startedAtMillis, true, clock);
        }

        public Scenario withClock(ClockOffset c) {
            return new Scenario(name, file, plannedStartMillis, startedAtMillis, finished, c);
        }
    }

    /**
     * @param reference         what was read ("the PostgreSQL server's clock")
     * @param offsetMillis      the reference's clock minus this host's
     * @param uncertaintyMillis half the reading's round trip
     */
    public record ClockOffset(String reference, long offsetMillis, long uncertaintyMillis) {
    }

    /** "shard 2/4". */
    public String shardLabel() { return "shard " + shardIndex + "/" + shardCount; }

    void write(Path dir) throws IOException {
        Path tmp = dir.resolve(FILE + ".tmp");
        BundleJson.MAPPER.writeValue(tmp.toFile(), this);
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static BundleManifest read(Path file) throws IOException {
        return BundleJson.MAPPER.readValue(file.toFile(), BundleManifest.class);
    }
}
