package dev.stampede.core.shard;

import dev.stampede.core.config.ConfigException;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One shard's result bundle, read back: a shard's output directory, or its archive ({@code .zip} from
 * {@link BundleArchive#pack}, or a log holding a {@link BundleArchive#frame framed} block). Immutable once opened;
 * the interval files are read when asked for.
 *
 * @param source what the user named, for messages
 */
public record ShardBundle(String source, Path dir, BundleManifest manifest, BundlePlans plans) {

    /** One histogram of the interval log: its tag and its interval in seconds since the run's start-at. */
    public record Logged(String tag, double startSeconds, double endSeconds, Histogram histogram) {
    }

    /** One row of an interval's outcome counts, seconds since the run's start-at. */
    public record Counts(double startSeconds, double endSeconds, String phase, String operation, long ok, long failed,
                         long unknown) {
    }

    /**
     * Opens {@code path}: a directory with {@value BundleManifest#FILE}, or an archive, unpacked into
     * {@code scratch}.
     *
     * @throws ConfigException when the path is missing or not a bundle (exit 2), naming it and what a bundle is
     */
    public static ShardBundle open(Path path, Path scratch) throws IOException {
        Path dir = path;
        if (!Files.exists(path)) {
            throw new ConfigException("bundle " + path + ": no such file or directory; give each shard's --output directory "
                    + "or its bundle archive (.zip)");
        }
        if (Files.isRegularFile(path)) {
            dir = Files.createTempDirectory(scratch, "bundle-");
            try (InputStream in = Files.newInputStream(path)) {
                byte[] head = in.readNBytes(2);
                if (head.length == 2 && head[0] == 'P' && head[1] == 'K') {
                    try (InputStream all = Files.newInputStream(path)) {
                        BundleArchive.unpack(all, dir);
                    }
                } else {
                    try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                        BundleArchive.unframe(r, dir);
                    }
                }
            } catch (IOException e) {
                throw new ConfigException("bundle " + path + " cannot be read as a bundle archive: " + e.getMessage()
                        + "; give the shard's --output directory, its .zip, or a log with a complete bundle block");
            }
        }
        Path manifest = dir.resolve(BundleManifest.FILE);
        if (!Files.isRegularFile(manifest)) {
            throw new ConfigException("bundle " + path + ": no " + BundleManifest.FILE + " in it, so it is not a result bundle; "
                    + "give the --output directory of a run started with --shard I/N --start-at T");
        }
        try {
            return new ShardBundle(path.toString(), dir, BundleManifest.read(manifest),
                    BundleJson.MAPPER.readValue(dir.resolve(BundlePlans.FILE).toFile(), BundlePlans.class));
        } catch (IOException e) {
            throw new ConfigException("bundle " + path + ": its manifest or plans cannot be read (" + e.getMessage()
                    + "); the bundle is damaged or from an incompatible Stampede");
        }
    }

    /** The scenario's end-of-scenario summary, or null when the shard did not finish it. */
    public ShardScenario summary(BundleManifest.Scenario s) throws IOException {
        Path f = dir.resolve(BundleWriter.SCENARIOS).resolve(s.file() + ".json");
        return Files.isRegularFile(f) ? BundleJson.MAPPER.readValue(f.toFile(), ShardScenario.class) : null;
    }

    /**
     * Every histogram of the scenario's interval log, in order. A log cut short (the shard was killed while writing
     * a line) yields what was complete.
     */
    public List<Logged> intervals(BundleManifest.Scenario s) throws IOException {
        Path f = dir.resolve(BundleWriter.INTERVALS).resolve(s.file() + ".hlog");
        List<Logged> out = new ArrayList<>();
        if (!Files.isRegularFile(f)) return out;
        double base = baseMillis() / 1000.0;
        try (HistogramLogReader r = new HistogramLogReader(f.toFile())) {
            while (true) {
                EncodableHistogram h;
                try {
                    h = r.nextIntervalHistogram();
                } catch (RuntimeException truncated) {
                    break;
                }
                if (h == null) break;
                if (!(h instanceof Histogram hist)) continue;
                out.add(new Logged(h.getTag(), h.getStartTimeStamp() / 1000.0 - base, h.getEndTimeStamp() / 1000.0 - base, hist));
            }
        }
        return out;
    }

    /**
     * The shard's whole-scenario histograms by tag ({@code OP/latency}, {@code OP/acquire}, {@code OP/execution}), or an
     * empty map when the shard did not finish the scenario.
     */
    public java.util.Map<String, Histogram> totals(BundleManifest.Scenario s) throws IOException {
        Path f = dir.resolve(BundleWriter.TOTALS).resolve(s.file() + ".hlog");
        java.util.Map<String, Histogram> out = new java.util.LinkedHashMap<>();
        if (!Files.isRegularFile(f)) return out;
        try (HistogramLogReader r = new HistogramLogReader(f.toFile())) {
            for (EncodableHistogram h; (h = r.nextIntervalHistogram()) != null; ) {
                if (h instanceof Histogram hist) out.put(h.getTag(), hist);
            }
        } catch (RuntimeException damaged) {
            throw new IOException("bundle " + source + ": " + f + " is damaged (" + damaged + ")");
        }
        return out;
    }

    /** The scenario's outcome counts per interval and operation; a last line cut short is skipped. */
    public List<Counts> counts(BundleManifest.Scenario s) throws IOException {
        Path f = dir.resolve(BundleWriter.INTERVALS).resolve(s.file() + ".counts.csv");
        List<Counts> out = new ArrayList<>();
        if (!Files.isRegularFile(f)) return out;
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        for (int i = 1; i < lines.size(); i++) {
            String[] c = lines.get(i).split(",", -1);
            if (c.length != 7) continue;
            try {
                out.add(new Counts(Double.parseDouble(c[0]), Double.parseDouble(c[1]), c[2], c[3], Long.parseLong(c[4]),
                        Long.parseLong(c[5]), Long.parseLong(c[6])));
            } catch (NumberFormatException cutShort) {
                // the shard died mid-line
            }
        }
        return out;
    }

    /** The log's base time: the run's start-at, epoch milliseconds. */
    public long baseMillis() {
        return manifest.startAt() == null ? manifest.scenarios().isEmpty() ? 0 : manifest.scenarios().get(0).startedAtMillis()
                : java.time.Instant.parse(manifest.startAt()).toEpochMilli();
    }
}
