package dev.stampede.postgres.pgbench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Parses pgbench's expression language ({@code \set} and {@code \if}): integer and double constants, true,
 * false, null, {@code :variables}, function calls, CASE WHEN ... THEN ... [ELSE ...] END, and the operators by
 * pgbench's precedence, lowest first: OR; AND; NOT (also !); IS [NOT] NULL|TRUE|FALSE, ISNULL, NOTNULL;
 * comparisons = <> != < <= > >= (not chained); bitwise & | # << >>; + -; * / %; unary - + ~.
 * Errors carry the column (1-based, in the line the expression starts on). One parser per expression.
 */
final class ExprParser {
    private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "is", "isnull", "notnull", "true", "false", "null",
            "case", "when", "then", "else", "end");

    /** A syntax error at a column of the expression's line. */
    static final class SyntaxError extends RuntimeException {
        final int column;

        SyntaxError(int column, String message) {
            super(message, null, false, false);
            this.column = column;
        }
    }

    private final String src;
    private final int baseColumn;
    private final Consumer<String> variableUse;
    private int pos;

    /** @param baseColumn the 1-based column of {@code src}'s first character in its line */
    ExprParser(String src, int baseColumn, Consumer<String> variableUse) {
        this.src = src;
        this.baseColumn = baseColumn;
        this.variableUse = variableUse;
    }

    Expr parseAll() {
        Expr e = or();
        skipWs();
        if (pos < src.length()) throw error("unexpected '" + src.substring(pos, Math.min(src.length(), pos + 12)).trim() + "'");
        return e;
    }

    private SyntaxError error(String message) {
        return new SyntaxError(baseColumn + pos, message);
    }

    private void skipWs() {
        while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) pos++;
    }

    private boolean peekWord(String w) {
        skipWs();
        int end = pos + w.length();
        if (end > src.length() || !src.regionMatches(true, pos, w, 0, w.length())) return false;
        return end == src.length() || !isIdent(src.charAt(end));
    }

    private boolean word(String w) {
        if (!peekWord(w)) return false;
        pos += w.length();
        return true;
    }

    private boolean symbol(String s) {
        skipWs();
        if (src.startsWith(s, pos)) {
            pos += s.length();
            return true;
        }
        return false;
    }

    private static boolean isIdent(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private Expr or() {
        Expr left = and();
        if (word("or")) {
            Expr right = or();
            return env -> {
                Object a = left.eval(env);
                if (a == Values.NULL) return Values.NULL;
                if (Values.toBool(a)) return Boolean.TRUE;
                Object b = right.eval(env);
                return b == Values.NULL ? Values.NULL : (Object) Values.toBool(b);
            };
        }
        return left;
    }

    private Expr and() {
        Expr left = not();
        if (word("and")) {
            Expr right = and();
            return env -> {
                Object a = left.eval(env);
                if (a == Values.NULL) return Values.NULL;
                if (!Values.toBool(a)) return Boolean.FALSE;
                Object b = right.eval(env);
                return b == Values.NULL ? Values.NULL : (Object) Values.toBool(b);
            };
        }
        return left;
    }

    private Expr not() {
        skipWs();
        if (word("not") || (src.startsWith("!", pos) && !src.startsWith("!=", pos) && symbol("!"))) {
            Expr inner = not();
            return env -> {
                Object a = inner.eval(env);
                return a == Values.NULL ? Values.NULL : (Object) !Values.toBool(a);
            };
        }
        return is();
    }

    private Expr is() {
        Expr left = comparison();
        if (word("isnull")) return env -> left.eval(env) == Values.NULL;
        if (word("notnull")) return env -> left.eval(env) != Values.NULL;
        if (word("is")) {
            boolean negate = word("not");
            Object what;
            if (word("null")) what = Values.NULL;
            else if (word("true")) what = Boolean.TRUE;
            else if (word("false")) what = Boolean.FALSE;
            else throw error("expected NULL, TRUE or FALSE after IS");
            Object target = what;
            return env -> {
                Object v = left.eval(env);
                boolean same = target == Values.NULL ? v == Values.NULL : target.equals(v);
                return negate != same;
            };
        }
        return left;
    }

    private Expr comparison() {
        Expr left = bitwise();
        String op = null;
        for (String s : new String[]{"<=", ">=", "<>", "!=", "<<", ">>", "=", "<", ">"}) {
            skipWs();
            if (src.startsWith(s, pos)) {
                op = s;
                break;
            }
        }
        if (op == null || op.equals("<<") || op.equals(">>")) return left;
        pos += op.length();
        Expr right = bitwise();
        String o = op.equals("!=") ? "<>" : op;
        Expr cmp = env -> Functions.binary(o, left.eval(env), right.eval(env));
        skipWs();
        for (String s : new String[]{"<=", ">=", "<>", "!=", "=", "<", ">"}) {
            if (src.startsWith(s, pos) && !src.startsWith("<<", pos) && !src.startsWith(">>", pos)) {
                throw error("comparisons cannot be chained; use AND");
            }
        }
        return cmp;
    }

    private Expr bitwise() {
        Expr left = additive();
        while (true) {
            skipWs();
            String op = null;
            if (src.startsWith("<<", pos)) op = "<<";
            else if (src.startsWith(">>", pos)) op = ">>";
            else if (src.startsWith("&", pos)) op = "&";
            else if (src.startsWith("|", pos)) op = "|";
            else if (src.startsWith("#", pos)) op = "#";
            if (op == null) return left;
            pos += op.length();
            Expr l = left, r = additive();
            String o = op;
            left = env -> Functions.binary(o, l.eval(env), r.eval(env));
        }
    }

    private Expr additive() {
        Expr left = multiplicative();
        while (true) {
            skipWs();
            if (pos >= src.length()) return left;
            char c = src.charAt(pos);
            if (c != '+' && c != '-') return left;
            pos++;
            Expr l = left, r = multiplicative();
            String o = String.valueOf(c);
            left = env -> Functions.binary(o, l.eval(env), r.eval(env));
        }
    }

    private Expr multiplicative() {
        Expr left = unary();
        while (true) {
            skipWs();
            if (pos >= src.length()) return left;
            char c = src.charAt(pos);
            if (c != '*' && c != '/' && c != '%') return left;
            pos++;
            Expr l = left, r = unary();
            String o = String.valueOf(c);
            left = env -> Functions.binary(o, l.eval(env), r.eval(env));
        }
    }

    private Expr unary() {
        skipWs();
        if (symbol("-")) {
            Expr inner = unary();
            return env -> Functions.binary("-", 0L, inner.eval(env));
        }
        if (symbol("+")) return unary();
        if (symbol("~")) {
            Expr inner = unary();
            return env -> Functions.binary("#", -1L, inner.eval(env));
        }
        return primary();
    }

    private Expr primary() {
        skipWs();
        if (pos >= src.length()) throw error("expression ends too early");
        char c = src.charAt(pos);
        if (c == '(') {
            pos++;
            Expr e = or();
            if (!symbol(")")) throw error("missing ')'");
            return e;
        }
        if (c == ':') {
            int start = ++pos;
            while (pos < src.length() && isIdent(src.charAt(pos))) pos++;
            if (pos == start) throw error("':' must be followed by a variable name");
            String name = src.substring(start, pos);
            variableUse.accept(name);
            int col = baseColumn + start - 1;
            return env -> {
                Object v = env.variable(name);
                if (v == null) throw new ScriptError("undefined variable \"" + name + "\" (column " + col + ")");
                if (v instanceof String s) {
                    Object parsed = Values.parse(s);
                    if (parsed instanceof String) throw new ScriptError("variable \"" + name + "\" holds text '" + s + "', not a number");
                    return parsed;
                }
                return v;
            };
        }
        if (Character.isDigit(c) || (c == '.' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1)))) return number();
        if (Character.isLetter(c) || c == '_') {
            int start = pos;
            while (pos < src.length() && isIdent(src.charAt(pos))) pos++;
            String id = src.substring(start, pos).toLowerCase(Locale.ROOT);
            switch (id) {
                case "true": return env -> Boolean.TRUE;
                case "false": return env -> Boolean.FALSE;
                case "null": return env -> Values.NULL;
                case "case": return caseExpr();
                default: break;
            }
            if (KEYWORDS.contains(id)) {
                pos = start;
                throw error("unexpected keyword " + id.toUpperCase(Locale.ROOT));
            }
            skipWs();
            if (!symbol("(")) {
                pos = start;
                throw error("unexpected '" + id + "': write a variable as :" + id + ", or call a function as " + id + "(...)");
            }
            int[] arity = Functions.ARITY.get(id);
            if (arity == null) {
                pos = start;
                throw error("unknown function '" + id + "'; pgbench's functions are " + String.join(", ",
                        new java.util.TreeSet<>(Functions.ARITY.keySet())));
            }
            List<Expr> args = new ArrayList<>();
            if (!symbol(")")) {
                do {
                    args.add(or());
                } while (symbol(","));
                if (!symbol(")")) throw error("missing ')' after the arguments of " + id);
            }
            if (args.size() < arity[0] || (arity[1] >= 0 && args.size() > arity[1])) {
                pos = start;
                throw error("function " + id + " takes " + (arity[0] == arity[1] ? String.valueOf(arity[0])
                        : arity[1] < 0 ? "at least " + arity[0] : arity[0] + " to " + arity[1]) + " arguments, not " + args.size());
            }
            Expr[] a = args.toArray(Expr[]::new);
            String fn = id;
            boolean seeded = id.startsWith("hash") || id.equals("permute");
            return env -> {
                List<Object> vals = new ArrayList<>(a.length);
                for (Expr e : a) vals.add(e.eval(env));
                long s = 0L;
                if (seeded) {
                    Object seed = env.variable("default_seed");
                    s = seed instanceof Long l ? l : seed instanceof String str && Values.parse(str) instanceof Long l2 ? l2 : 0L;
                }
                return Functions.call(fn, vals, env.random(), s);
            };
        }
        throw error("unexpected '" + c + "'");
    }

    private Expr caseExpr() {
        List<Expr> conds = new ArrayList<>();
        List<Expr> results = new ArrayList<>();
        while (word("when")) {
            conds.add(or());
            if (!word("then")) throw error("expected THEN");
            results.add(or());
        }
        if (conds.isEmpty()) throw error("CASE needs at least one WHEN ... THEN ...");
        Expr otherwise = word("else") ? or() : env -> Values.NULL;
        if (!word("end")) throw error("expected END to close CASE");
        Expr[] c = conds.toArray(Expr[]::new), r = results.toArray(Expr[]::new);
        return env -> {
            for (int i = 0; i < c.length; i++) if (Values.truth(c[i].eval(env))) return r[i].eval(env);
            return otherwise.eval(env);
        };
    }

    private Expr number() {
        int start = pos;
        while (pos < src.length() && Character.isDigit(src.charAt(pos))) pos++;
        boolean dbl = false;
        if (pos < src.length() && src.charAt(pos) == '.') {
            dbl = true;
            pos++;
            while (pos < src.length() && Character.isDigit(src.charAt(pos))) pos++;
        }
        if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
            int save = pos++;
            if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) pos++;
            if (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                dbl = true;
                while (pos < src.length() && Character.isDigit(src.charAt(pos))) pos++;
            } else {
                pos = save;
            }
        }
        if (pos < src.length() && isIdent(src.charAt(pos))) throw error("bad number '" + src.substring(start, pos + 1) + "'");
        String text = src.substring(start, pos);
        if (dbl) {
            Double d = Double.parseDouble(text);
            return env -> d;
        }
        try {
            Long l = Long.parseLong(text);
            return env -> l;
        } catch (NumberFormatException e) {
            // -9223372036854775808 is written as unary minus and this constant
            if (text.equals("9223372036854775808") && start > 0 && src.substring(0, start).trim().endsWith("-")) {
                throw error("write the smallest bigint as (-9223372036854775807 - 1)");
            }
            pos = start;
            throw error("bigint constant overflow: " + text);
        }
    }
}
