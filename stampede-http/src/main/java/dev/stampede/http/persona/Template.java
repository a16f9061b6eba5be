package dev.stampede.http.persona;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Text with {@code ${name}} placeholders, compiled once. Names: a virtual user's variables (values extracted by an
 * earlier step, the columns of its feeder row as {@code feeder.column}), and the built-ins {@code vu} (the user's
 * number), {@code uuid} and {@code rand:MIN:MAX} (a uniform integer, both ends included). Immutable and thread-safe.
 */
public final class Template {
    private final String source;
    private final List<Object> parts;
    private final boolean constant;

    private Template(String source, List<Object> parts) {
        this.source = source;
        this.parts = parts;
        this.constant = parts.stream().allMatch(p -> p instanceof String);
    }

    /** A placeholder: a user variable or a built-in. */
    private record Var(String name, long min, long max) {
    }

    /** @throws IllegalArgumentException for an unclosed placeholder or a malformed {@code rand:MIN:MAX} */
    public static Template compile(String text) {
        List<Object> parts = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf("${", i);
            if (open < 0) {
                parts.add(text.substring(i));
                break;
            }
            if (open > i) parts.add(text.substring(i, open));
            int close = text.indexOf('}', open);
            if (close < 0) throw new IllegalArgumentException("'${' at character " + open + " is never closed with '}'");
            String name = text.substring(open + 2, close).trim();
            if (name.isEmpty()) throw new IllegalArgumentException("empty placeholder '${}' at character " + open);
            if (name.startsWith("rand:")) {
                String[] b = name.split(":");
                try {
                    long min = Long.parseLong(b[1]), max = Long.parseLong(b[2]);
                    if (b.length != 3 || max < min) throw new NumberFormatException();
                    parts.add(new Var("rand", min, max));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("'${" + name + "}' should be ${rand:MIN:MAX} with whole numbers MIN <= MAX");
                }
            } else {
                parts.add(new Var(name, 0, 0));
            }
            i = close + 1;
        }
        return new Template(text, List.copyOf(parts));
    }

    public boolean isConstant() { return constant; }

    /** The user variables this template reads (built-ins left out). */
    public List<String> variables() {
        List<String> out = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof Var v && !v.name.equals("rand") && !v.name.equals("uuid") && !v.name.equals("vu")) out.add(v.name);
        }
        return out;
    }

    /**
     * Fills the placeholders.
     *
     * @param vars   a user's variables; null for an unknown name
     * @param escape applied to every substituted value (URL or JSON escaping), not to the literal text
     * @throws IllegalStateException naming a variable that this user does not have (yet)
     */
    public String render(Function<String, String> vars, SplittableRandom random, long vu, UnaryOperator<String> escape) {
        if (constant) return source;
        StringBuilder b = new StringBuilder(source.length() + 16);
        for (Object p : parts) {
            if (p instanceof String s) {
                b.append(s);
                continue;
            }
            Var v = (Var) p;
            String value = switch (v.name) {
                case "rand" -> Long.toString(v.min + random.nextLong(v.max - v.min + 1));
                case "uuid" -> new UUID(random.nextLong(), random.nextLong()).toString();
                case "vu" -> Long.toString(vu);
                default -> vars.apply(v.name);
            };
            if (value == null) {
                throw new IllegalStateException("template '" + source + "' needs ${" + v.name + "}, which this user has not set: extract it "
                        + "in an on_start step or name a feeder column (feeder.column)");
            }
            b.append(escape.apply(value));
        }
        return b.toString();
    }

    @Override
    public String toString() { return source; }
}
