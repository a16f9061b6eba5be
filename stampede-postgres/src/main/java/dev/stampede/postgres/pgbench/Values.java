package dev.stampede.postgres.pgbench;

import java.util.Locale;

/**
 * pgbench's value types and coercions: int (a Java {@link Long}), double ({@link Double}), boolean
 * ({@link Boolean}) and NULL ({@link #NULL}). Integer arithmetic fails on 64-bit overflow; a double becomes an
 * int by rounding to the nearest (rint) and fails when it does not fit. Stateless.
 */
public final class Values {
    /** pgbench's NULL value (a Java null means "no such variable"). */
    public static final Object NULL = new Object() {
        @Override public String toString() { return "NULL"; }
    };

    private Values() {
    }

    static String typeName(Object v) {
        if (v == NULL) return "null";
        if (v instanceof Boolean) return "boolean";
        if (v instanceof Long) return "int";
        return "double";
    }

    static long toInt(Object v) {
        if (v instanceof Long l) return l;
        if (v instanceof Double d) {
            double r = Math.rint(d);
            if (Double.isNaN(r) || r < -9.223372036854775808E18 || r >= 9.223372036854775808E18) {
                throw new ScriptError(String.format(Locale.ROOT, "double to int overflow for %f", r));
            }
            return (long) r;
        }
        throw new ScriptError("cannot coerce " + typeName(v) + " to int");
    }

    static double toDouble(Object v) {
        if (v instanceof Double d) return d;
        if (v instanceof Long l) return l;
        throw new ScriptError("cannot coerce " + typeName(v) + " to double");
    }

    static boolean toBool(Object v) {
        if (v instanceof Boolean b) return b;
        throw new ScriptError("cannot coerce " + typeName(v) + " to boolean");
    }

    /** Truth for {@code \if} and CASE: NULL and zero are false. */
    static boolean truth(Object v) {
        if (v == NULL) return false;
        if (v instanceof Boolean b) return b;
        if (v instanceof Long l) return l != 0;
        return (Double) v != 0.0;
    }

    /**
     * A variable's text (from {@code \gset} or a result) read as a value, as pgbench does: null, true/yes/on,
     * false/no/off (prefixes accepted), an integer, a double; otherwise the text stays text and only SQL can use it.
     */
    static Object parse(String s) {
        if (s == null) return NULL;
        String t = s.trim();
        if (t.isEmpty()) return s;
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.equals("null")) return NULL;
        if ("true".startsWith(lower) || "yes".startsWith(lower) || lower.equals("on")) return Boolean.TRUE;
        if ("false".startsWith(lower) || "no".startsWith(lower) || lower.equals("off")) return Boolean.FALSE;
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException notInt) {
            try {
                return Double.parseDouble(t);
            } catch (NumberFormatException notDouble) {
                return s;
            }
        }
    }

    /** The text a variable is bound as in SQL, as pgbench prints it; null for NULL (bound as SQL NULL). */
    static String text(Object v) {
        if (v == NULL) return null;
        if (v instanceof Double d) {
            String g = String.format(Locale.ROOT, "%.15g", d);
            return trimG(g);
        }
        return v.toString();
    }

    /** C's %g drops trailing zeros; Java's does not. */
    private static String trimG(String g) {
        int e = g.indexOf('e');
        String mant = e < 0 ? g : g.substring(0, e);
        String exp = e < 0 ? "" : g.substring(e);
        if (mant.indexOf('.') >= 0) {
            mant = mant.replaceAll("0+$", "");
            if (mant.endsWith(".")) mant = mant.substring(0, mant.length() - 1);
        }
        return mant + exp;
    }
}
