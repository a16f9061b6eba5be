package dev.stampede.core.gen;

import dev.stampede.core.config.ConfigException;
import dev.stampede.core.config.CustomStatement.ParamSpec;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Generates one statement parameter per call. Implementations are immutable and thread-safe; all
 * randomness comes from the caller's (per-user) source. Values are plain Java types that JDBC drivers
 * bind natively: Long, Double, String, UUID, OffsetDateTime, Boolean.
 */
@FunctionalInterface
public interface ParamGenerator {

    Object next(SplittableRandom random);

    /** Builds the generator a configured parameter describes. */
    static ParamGenerator of(ParamSpec p) {
        return switch (p.type()) {
            case "int" -> {
                long min = (long) p.min();
                long max = (long) p.max();
                if (p.distribution().equals("zipfian")) {
                    long ranks = max - min + 1;
                    if (ranks > ZipfianGenerator.MAX_RANKS) {
                        throw new ConfigException("a zipfian int parameter covers at most " + ZipfianGenerator.MAX_RANKS
                                + " values, but min " + min + " to max " + max + " are " + ranks + "; narrow the range");
                    }
                    ZipfianGenerator z = new ZipfianGenerator(ranks, p.skew());
                    yield r -> min + z.next(r) - 1;
                }
                yield r -> r.nextLong(min, max + 1);
            }
            case "double" -> r -> p.min() + r.nextDouble() * (p.max() - p.min());
            case "bool" -> SplittableRandom::nextBoolean;
            case "uuid" -> r -> new UUID(r.nextLong() & 0xffffffffffff0fffL | 0x4000L,
                    r.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L);
            case "timestamp" -> r -> OffsetDateTime.now(ZoneOffset.UTC)
                    .minusNanos((long) ((p.min() + r.nextDouble() * (p.max() - p.min())) * 1e9));
            case "text" -> {
                List<String> values = p.values();
                yield r -> values.get(r.nextInt(values.size()));
            }
            case "string" -> {
                int len = p.length();
                yield r -> randomString(r, len);
            }
            default -> throw new IllegalArgumentException("unknown parameter type " + p.type());
        };
    }

    /** Lower-case letters and digits, {@code length} characters. */
    static String randomString(SplittableRandom r, int length) {
        final String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        char[] c = new char[length];
        for (int i = 0; i < length; i++) c[i] = alphabet.charAt(r.nextInt(alphabet.length()));
        return new String(c);
    }
}
