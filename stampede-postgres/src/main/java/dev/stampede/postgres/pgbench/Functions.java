package dev.stampede.postgres.pgbench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * pgbench's operators and built-in functions with its semantics: integer arithmetic on 64 bits with
 * overflow errors, double when either operand is a double, integer division truncating toward zero,
 * {@code x / 0} and {@code x % 0} errors, {@code x % -1 = 0}; NULL in any argument gives NULL (but for
 * {@code debug} and {@code IS}). Stateless.
 */
final class Functions {
    static final double MIN_GAUSSIAN = 2.0;
    static final double MIN_ZIPFIAN = 1.001;
    static final double MAX_ZIPFIAN = 1000.0;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long MM2_MUL = 0xc6a4a7935bd1e995L;
    private static final long MM2_MUL_TIMES_8 = 0x35253c9ade8f4ca8L;
    private static final int MM2_ROT = 47;

    /** Name -> {min args, max args (-1 any)}. */
    static final Map<String, int[]> ARITY = Map.ofEntries(
            Map.entry("abs", new int[]{1, 1}), Map.entry("debug", new int[]{1, 1}), Map.entry("double", new int[]{1, 1}),
            Map.entry("exp", new int[]{1, 1}), Map.entry("greatest", new int[]{1, -1}), Map.entry("hash", new int[]{1, 2}),
            Map.entry("hash_fnv1a", new int[]{1, 2}), Map.entry("hash_murmur2", new int[]{1, 2}), Map.entry("int", new int[]{1, 1}),
            Map.entry("least", new int[]{1, -1}), Map.entry("ln", new int[]{1, 1}), Map.entry("mod", new int[]{2, 2}),
            Map.entry("permute", new int[]{2, 3}), Map.entry("pi", new int[]{0, 0}), Map.entry("pow", new int[]{2, 2}),
            Map.entry("power", new int[]{2, 2}), Map.entry("random", new int[]{2, 2}), Map.entry("random_exponential", new int[]{3, 3}),
            Map.entry("random_gaussian", new int[]{3, 3}), Map.entry("random_zipfian", new int[]{3, 3}), Map.entry("sqrt", new int[]{1, 1}));

    private Functions() {
    }

    static Object binary(String op, Object a, Object b) {
        if (a == Values.NULL || b == Values.NULL) return Values.NULL;
        switch (op) {
            case "&": return Values.toInt(a) & Values.toInt(b);
            case "|": return Values.toInt(a) | Values.toInt(b);
            case "#": return Values.toInt(a) ^ Values.toInt(b);
            case "<<": return Values.toInt(a) << Values.toInt(b);
            case ">>": return Values.toInt(a) >> Values.toInt(b);
            default: break;
        }
        boolean dbl = (a instanceof Double || b instanceof Double) && !op.equals("%");
        switch (op) {
            case "=", "<>", "<", "<=", ">", ">=": return compare(op, dbl, a, b);
            default: break;
        }
        if (dbl) {
            double x = Values.toDouble(a), y = Values.toDouble(b);
            return switch (op) {
                case "+" -> x + y;
                case "-" -> x - y;
                case "*" -> x * y;
                case "/" -> x / y;
                default -> throw new IllegalArgumentException(op);
            };
        }
        long x = Values.toInt(a), y = Values.toInt(b);
        try {
            return switch (op) {
                case "+" -> Math.addExact(x, y);
                case "-" -> Math.subtractExact(x, y);
                case "*" -> Math.multiplyExact(x, y);
                case "/", "%" -> divide(op, x, y);
                default -> throw new IllegalArgumentException(op);
            };
        } catch (ArithmeticException overflow) {
            throw new ScriptError("bigint " + switch (op) { case "+" -> "add"; case "-" -> "sub"; default -> "mul"; } + " out of range");
        }
    }

    /**
     * A comparison operator: as doubles when either side is one (with C's operators, as pgbench: a NaN is unequal
     * to everything and neither less nor greater), otherwise as exact integers.
     */
    private static boolean compare(String op, boolean dbl, Object a, Object b) {
        int c;
        if (dbl) {
            double x = Values.toDouble(a), y = Values.toDouble(b);
            if (Double.isNaN(x) || Double.isNaN(y)) return op.equals("<>");
            c = x < y ? -1 : x > y ? 1 : 0;   // not Double.compare: -0.0 equals 0.0 here, as in C
        } else {
            c = Long.compare(Values.toInt(a), Values.toInt(b));
        }
        return switch (op) {
            case "=" -> c == 0;
            case "<>" -> c != 0;
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            case ">=" -> c >= 0;
            default -> throw new IllegalArgumentException(op);
        };
    }

    private static long divide(String op, long x, long y) {
        if (y == 0) throw new ScriptError("division by zero");
        if (y == -1) {
            if (op.equals("%")) return 0;
            if (x == Long.MIN_VALUE) throw new ScriptError("bigint div out of range");
            return -x;
        }
        return op.equals("/") ? x / y : x % y;
    }

    static Object call(String name, List<Object> args, RandomGenerator random, long defaultSeed) {
        if (!name.equals("debug")) {
            for (Object a : args) if (a == Values.NULL) return Values.NULL;
        }
        switch (name) {
            case "pi": return Math.PI;
            case "abs": {
                Object v = args.get(0);
                if (v instanceof Long l) return l < 0 ? -l : l;
                return Math.abs(Values.toDouble(v));
            }
            case "debug": {
                Object v = args.get(0);
                System.err.println("debug: " + Values.typeName(v) + " " + Values.text(v));
                return v;
            }
            case "double": return Values.toDouble(args.get(0));
            case "sqrt": return Math.sqrt(Values.toDouble(args.get(0)));
            case "ln": return Math.log(Values.toDouble(args.get(0)));
            case "exp": return Math.exp(Values.toDouble(args.get(0)));
            case "int": return Values.toInt(args.get(0));
            case "pow", "power": return Math.pow(Values.toDouble(args.get(0)), Values.toDouble(args.get(1)));
            case "mod": return binary("%", args.get(0), args.get(1));
            case "least", "greatest": return extremum(name.equals("least"), args);
            case "hash", "hash_murmur2", "hash_fnv1a": {
                long v = Values.toInt(args.get(0));
                long seed = args.size() > 1 ? Values.toInt(args.get(1)) : defaultSeed;
                return name.equals("hash_fnv1a") ? fnv1a(v, seed) : murmur2(v, seed);
            }
            case "permute": {
                long seed = args.size() > 2 ? Values.toInt(args.get(2)) : defaultSeed;
                return permute(Values.toInt(args.get(0)), Values.toInt(args.get(1)), seed);
            }
            case "random", "random_exponential", "random_gaussian", "random_zipfian":
                return random(name, args, random);
            default: throw new IllegalArgumentException(name);
        }
    }

    private static Object extremum(boolean least, List<Object> args) {
        boolean dbl = args.stream().anyMatch(a -> a instanceof Double);
        if (dbl) {
            double e = Values.toDouble(args.get(0));
            for (int i = 1; i < args.size(); i++) {
                double d = Values.toDouble(args.get(i));
                e = least ? Math.min(e, d) : Math.max(e, d);
            }
            return e;
        }
        long e = Values.toInt(args.get(0));
        for (int i = 1; i < args.size(); i++) {
            long d = Values.toInt(args.get(i));
            e = least ? Math.min(e, d) : Math.max(e, d);
        }
        return e;
    }

    private static Object random(String name, List<Object> args, RandomGenerator r) {
        long min = Values.toInt(args.get(0)), max = Values.toInt(args.get(1));
        if (min > max) throw new ScriptError("empty range given to random");
        long delta;
        try {
            delta = Math.addExact(Math.subtractExact(max, min), 1);
        } catch (ArithmeticException e) {
            throw new ScriptError("random range is too large");
        }
        if (name.equals("random")) return min + r.nextLong(delta);
        double p = Values.toDouble(args.get(2));
        switch (name) {
            case "random_gaussian": {
                if (p < MIN_GAUSSIAN) {
                    throw new ScriptError(String.format(Locale.ROOT, "gaussian parameter must be at least %f (not %f)", MIN_GAUSSIAN, p));
                }
                double stdev;
                do {
                    stdev = r.nextGaussian();
                } while (stdev < -p || stdev >= p);
                return min + (long) (delta * ((stdev + p) / (p * 2.0)));
            }
            case "random_exponential": {
                if (p <= 0.0) throw new ScriptError(String.format(Locale.ROOT, "exponential parameter must be greater than zero (not %f)", p));
                double cut = Math.exp(-p);
                double uniform = 1.0 - r.nextDouble();
                double rand = -Math.log(cut + (1.0 - cut) * uniform) / p;
                return min + (long) (delta * rand);
            }
            default: {
                if (p < MIN_ZIPFIAN || p > MAX_ZIPFIAN) {
                    throw new ScriptError(String.format(Locale.ROOT, "zipfian parameter must be in range [%.3f, %.0f] (not %f)",
                            MIN_ZIPFIAN, MAX_ZIPFIAN, p));
                }
                return min - 1 + zipfian(r, delta, p);
            }
        }
    }

    /** Devroye's rejection method for Zipf over [1, n], as pgbench (s > 1). */
    static long zipfian(RandomGenerator r, long n, double s) {
        if (n <= 1) return 1;
        double b = Math.pow(2.0, s - 1.0);
        while (true) {
            double u = r.nextDouble(), v = r.nextDouble();
            double x = Math.floor(Math.pow(u, -1.0 / (s - 1.0)));
            double t = Math.pow(1.0 + 1.0 / x, s - 1.0);
            if (v * x * (t - 1.0) / (b - 1.0) <= t / b && x <= n) return (long) x;
        }
    }

    static long fnv1a(long val, long seed) {
        long result = FNV_OFFSET_BASIS ^ seed;
        for (int i = 0; i < 8; i++) {
            long octet = val & 0xff;
            val = val >> 8;
            result = (result ^ octet) * FNV_PRIME;
        }
        return result;
    }

    static long murmur2(long val, long seed) {
        long result = seed ^ MM2_MUL_TIMES_8;
        long k = val;
        k *= MM2_MUL;
        k ^= k >>> MM2_ROT;
        k *= MM2_MUL;
        result ^= k;
        result *= MM2_MUL;
        result ^= result >>> MM2_ROT;
        result *= MM2_MUL;
        result ^= result >>> MM2_ROT;
        return result;
    }

    /**
     * pgbench's permute: a pseudorandom bijection of [0, size) chosen by seed (six rounds of odd multiply, xor
     * and rotate on overlapping halves plus a random offset), driven by xoroshiro128** seeded by splitmix64.
     */
    static long permute(long val, long size, long seed) {
        if (size < 2) return 0;
        Xoroshiro rng = new Xoroshiro(seed);
        long v = Long.remainderUnsigned(val, size);
        int masklen = 63 - Long.numberOfLeadingZeros(size);
        long mask = (1L << masklen) - 1;
        for (int i = 0; i < 6; i++) {
            long m = (rng.next() & mask) | 1;
            long r = rng.next() & mask;
            if (Long.compareUnsigned(v, mask) <= 0) {
                v = ((v * m) ^ r) & mask;
                v = ((v << 1) & mask) | (v >>> (masklen - 1));
            }
            m = (rng.next() & mask) | 1;
            r = rng.next() & mask;
            long t = size - 1 - v;
            if (Long.compareUnsigned(t, mask) <= 0) {
                t = ((t * m) ^ r) & mask;
                t = ((t << 1) & mask) | (t >>> (masklen - 1));
                v = size - 1 - t;
            }
            r = rng.range(size - 1);
            v = Long.remainderUnsigned(v + r, size);
        }
        return v;
    }

    /** xoroshiro128** with splitmix64 seeding (the generator pgbench's permute uses). */
    private static final class Xoroshiro {
        private long s0;
        private long s1;

        Xoroshiro(long seed) {
            long z = seed;
            z += 0x9E3779B97F4A7C15L;
            s0 = mix(z);
            z += 0x9E3779B97F4A7C15L;
            s1 = mix(z);
            if (s0 == 0 && s1 == 0) s0 = 0x5851F42D4C957F2DL;
        }

        private static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }

        long next() {
            long a = s0, b = s1;
            long result = Long.rotateLeft(a * 5, 7) * 9;
            b ^= a;
            s0 = Long.rotateLeft(a, 24) ^ b ^ (b << 16);
            s1 = Long.rotateLeft(b, 37);
            return result;
        }

        /** Uniform in [0, max] (unsigned), by rejection on the top bits. */
        long range(long max) {
            if (max == 0) return 0;
            int rshift = Long.numberOfLeadingZeros(max);
            long v;
            do {
                v = next() >>> rshift;
            } while (Long.compareUnsigned(v, max) > 0);
            return v;
        }
    }
}
