package dev.stampede.redis.workload;

import dev.stampede.core.gen.ZipfianGenerator;
import dev.stampede.redis.RedisConfig;

import java.util.SplittableRandom;

/**
 * Draws key numbers in {@code [0, n)} by popularity: uniform; Zipfian (rank 1, key 0, is the most popular;
 * exponent configurable); or a hot set (a fraction of the keys receives a fraction of the accesses, the rest
 * uniform over the cold keys). Thread-safe; allocation-free after each thread's first Zipfian draw.
 */
public final class KeyChooser {
    private final int n;
    private final RedisConfig.Popularity popularity;
    private final ZipfianGenerator zipf;
    private final int hot;
    private final double hotAccess;

    public KeyChooser(int n, RedisConfig.Popularity popularity, double exponent, double hotFraction, double hotAccess) {
        if (n < 1) throw new IllegalArgumentException("key space must be at least 1, got " + n);
        this.n = n;
        this.popularity = popularity;
        this.zipf = popularity == RedisConfig.Popularity.ZIPFIAN ? new ZipfianGenerator(n, exponent) : null;
        this.hot = Math.max(1, Math.min(n, (int) Math.round(n * hotFraction)));
        this.hotAccess = hotAccess;
    }

    public static KeyChooser of(int n, RedisConfig c) {
        return new KeyChooser(n, c.popularity(), c.zipfExponent(), c.hotFraction(), c.hotAccess());
    }

    public int size() { return n; }

    public int next(SplittableRandom r) {
        return switch (popularity) {
            case UNIFORM -> r.nextInt(n);
            case ZIPFIAN -> (int) (zipf.next(r) - 1);
            case HOTSET -> hot >= n || r.nextDouble() < hotAccess ? r.nextInt(hot) : hot + r.nextInt(n - hot);
        };
    }

    public String describe(RedisConfig c) {
        return switch (popularity) {
            case UNIFORM -> "uniform over " + n + " keys";
            case ZIPFIAN -> "zipfian (exponent " + c.zipfExponent() + ") over " + n + " keys";
            case HOTSET -> String.format(java.util.Locale.ROOT, "hot set: %.0f%% of accesses to %d of %d keys", hotAccess * 100, hot, n);
        };
    }
}
