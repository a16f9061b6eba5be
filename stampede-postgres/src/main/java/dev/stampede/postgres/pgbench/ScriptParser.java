package dev.stampede.postgres.pgbench;

import dev.stampede.core.config.ConfigException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses pgbench's script language into a {@link Script}. SQL commands end at a semicolon outside quotes
 * ('...', E'...', "...", dollar quotes), comments (--, nested /* *&#47;) and parentheses, so several may share a
 * line; {@code :name} outside quotes becomes a bound parameter ({@code ::} casts are left alone). Meta-commands
 * start with a backslash and end at the end of the line (a backslash before the newline continues it).
 * Every error is a {@link ConfigException} naming the file, line and column, like pgbench. Not thread-safe: one
 * parser per script.
 */
public final class ScriptParser {
    /** Variables every client has without a {@code \set}. */
    static final Set<String> PREDEFINED = Set.of("scale", "client_id", "random_seed", "default_seed");
    private static final Pattern SET = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s+(.+)", Pattern.DOTALL);
    private static final Pattern BEGIN = Pattern.compile("(?i)(BEGIN|START\\s+TRANSACTION)(\\s+(WORK|TRANSACTION))?");
    private static final Pattern COMMIT = Pattern.compile("(?i)(END|COMMIT)(\\s+(WORK|TRANSACTION))?");
    private static final Pattern ROLLBACK = Pattern.compile("(?i)(ROLLBACK|ABORT)(\\s+(WORK|TRANSACTION))?");

    private final String file;
    private final String src;
    private int pos;
    private int line = 1;
    private int lineStart;
    private final List<Command> out = new ArrayList<>();
    private final List<String> texts = new ArrayList<>();
    private final Set<String> defined = new HashSet<>(PREDEFINED);
    private boolean dynamicVariables;
    private boolean branches;
    private final Deque<IfBlock> ifs = new ArrayDeque<>();

    private static final class IfBlock {
        final int line;
        int[] pendingElse;
        final List<int[]> toEnd = new ArrayList<>();
        boolean sawElse;

        IfBlock(int line) { this.line = line; }
    }

    private ScriptParser(String file, String src) {
        this.file = file;
        this.src = src;
    }

    /** Parses {@code text}; {@code file} names it in error messages. */
    public static Script parse(String file, String text, double weight) {
        ScriptParser p = new ScriptParser(file, text);
        p.run();
        return new Script(file, weight, p.out, p.texts, p.branches ? -1 : p.commits());
    }

    private ConfigException error(int atLine, int column, String message) {
        return new ConfigException(file + ":" + atLine + ":" + column + ": " + message);
    }

    private int column() { return pos - lineStart + 1; }

    private void run() {
        while (true) {
            skipSpaceAndComments();
            if (pos >= src.length()) break;
            if (src.charAt(pos) == '\\') meta(null);
            else sql();
        }
        if (!ifs.isEmpty()) throw error(ifs.peek().line, 1, "\\if without a matching \\endif");
        if (texts.isEmpty()) throw error(1, 1, "the script has no commands");
    }

    private void newline() {
        line++;
        lineStart = pos + 1;
    }

    private void skipSpaceAndComments() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\n') { newline(); pos++; }
            else if (Character.isWhitespace(c)) pos++;
            else if (src.startsWith("--", pos)) { while (pos < src.length() && src.charAt(pos) != '\n') pos++; }
            else if (src.startsWith("/*", pos)) skipBlockComment();
            else break;
        }
    }

    private void skipBlockComment() {
        int startLine = line, startCol = column();
        int depth = 0;
        while (pos < src.length()) {
            if (src.startsWith("/*", pos)) { depth++; pos += 2; }
            else if (src.startsWith("*/", pos)) { depth--; pos += 2; if (depth == 0) return; }
            else { if (src.charAt(pos) == '\n') newline(); pos++; }
        }
        throw error(startLine, startCol, "unterminated /* comment");
    }

    /** One SQL command up to ';' (or a trailing \gset / \aset, or the end of the script). */
    private void sql() {
        int startLine = line, startCol = column();
        StringBuilder text = new StringBuilder();
        StringBuilder jdbc = new StringBuilder();
        List<String> vars = new ArrayList<>();
        int depth = 0;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == ';' && depth == 0) { pos++; break; }
            if (c == '\\') {
                if (src.startsWith("\\;", pos)) throw error(line, column(), "'\\;' (compound commands) is not supported; end each command with ';'");
                break;   // a meta-command after SQL on the same line: \gset, \aset, or an error reported by meta()
            }
            if (c == '(') depth++;
            if (c == ')') depth--;
            if (c == '\'' || c == '"') { quoted(c, text, jdbc, pos > 0 && (src.charAt(pos - 1) == 'E' || src.charAt(pos - 1) == 'e')); continue; }
            if (c == '$' && dollarQuote(text, jdbc)) continue;
            if (src.startsWith("--", pos)) { while (pos < src.length() && src.charAt(pos) != '\n') pos++; continue; }
            if (src.startsWith("/*", pos)) { skipBlockComment(); text.append(' '); jdbc.append(' '); continue; }
            if (c == ':' && src.startsWith("::", pos)) { text.append("::"); jdbc.append("::"); pos += 2; continue; }
            if (c == ':' && pos + 1 < src.length() && (Character.isLetter(src.charAt(pos + 1)) || src.charAt(pos + 1) == '_')) {
                int col = column();
                int s = ++pos;
                while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) pos++;
                String name = src.substring(s, pos);
                use(name, line, col);
                vars.add(name);
                text.append(':').append(name);
                jdbc.append('?');
                continue;
            }
            if (c == '?') { text.append(c); jdbc.append("??"); pos++; continue; }   // a literal ? (jsonb operators) for JDBC
            if (c == '\n') { newline(); c = ' '; }
            text.append(c);
            jdbc.append(c);
            pos++;
        }
        String t = text.toString().replaceAll("\\s+", " ").trim();
        if (t.isEmpty()) return;   // a lone ';'
        Command.SqlKind kind = BEGIN.matcher(t).matches() ? Command.SqlKind.BEGIN
                : COMMIT.matcher(t).matches() ? Command.SqlKind.COMMIT
                : ROLLBACK.matcher(t).matches() ? Command.SqlKind.ROLLBACK : Command.SqlKind.STATEMENT;
        String gset = null;
        boolean aset = false;
        // \gset or \aset directly after the command (same line, replacing its ';')
        int save = pos, saveLine = line, saveStart = lineStart;
        skipInlineSpace();
        if (pos < src.length() && src.charAt(pos) == '\\' && (src.startsWith("\\gset", pos) || src.startsWith("\\aset", pos))) {
            aset = src.startsWith("\\aset", pos);
            String rest = metaLine().substring(5).trim();
            if (aset && !rest.isEmpty()) throw error(line, 1, "\\aset takes no prefix (found '" + rest + "'); use \\gset " + rest);
            if (!rest.isEmpty() && !rest.matches("[A-Za-z_][A-Za-z0-9_]*")) throw error(line, 1, "\\gset prefix '" + rest + "' is not a name");
            gset = rest;
            dynamicVariables = true;
        } else {
            pos = save; line = saveLine; lineStart = saveStart;
        }
        out.add(new Command.Sql(texts.size(), startLine, t, jdbc.toString().trim(), List.copyOf(vars), kind, gset, aset));
        texts.add(t + (gset == null ? "" : aset ? " \\aset" : " \\gset" + (gset.isEmpty() ? "" : " " + gset)));
        if (startCol < 0) throw new IllegalStateException();
    }

    private void skipInlineSpace() {
        while (pos < src.length() && src.charAt(pos) != '\n' && Character.isWhitespace(src.charAt(pos))) pos++;
    }

    private void quoted(char q, StringBuilder text, StringBuilder jdbc, boolean backslashEscapes) {
        int startLine = line, startCol = column();
        text.append(q);
        jdbc.append(q);
        pos++;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\n') newline();
            if (backslashEscapes && c == '\\' && pos + 1 < src.length()) {
                text.append(c).append(src.charAt(pos + 1));
                jdbc.append(c).append(src.charAt(pos + 1));
                pos += 2;
                continue;
            }
            text.append(c);
            jdbc.append(c == '?' ? "??" : String.valueOf(c));
            pos++;
            if (c == q) {
                if (pos < src.length() && src.charAt(pos) == q) { text.append(q); jdbc.append(q); pos++; continue; }
                return;
            }
        }
        throw error(startLine, startCol, "unterminated quoted " + (q == '"' ? "identifier" : "string"));
    }

    private static final Pattern DOLLAR = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)?\\$");

    private boolean dollarQuote(StringBuilder text, StringBuilder jdbc) {
        if (pos > 0 && (Character.isLetterOrDigit(src.charAt(pos - 1)) || src.charAt(pos - 1) == '_')) return false;
        Matcher m = DOLLAR.matcher(src).region(pos, src.length());
        if (!m.lookingAt()) return false;
        String tag = m.group();
        int startLine = line, startCol = column();
        int end = src.indexOf(tag, pos + tag.length());
        if (end < 0) throw error(startLine, startCol, "unterminated dollar-quoted string " + tag);
        String body = src.substring(pos, end + tag.length());
        for (int i = 0; i < body.length(); i++) if (body.charAt(i) == '\n') { line++; lineStart = pos + i + 1; }
        text.append(body);
        jdbc.append(body.replace("?", "??"));
        pos = end + tag.length();
        return true;
    }

    /** The meta-command's whole text from the backslash to the end of its line, with continuations joined. */
    private String metaLine() {
        StringBuilder b = new StringBuilder();
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\\' && pos + 1 < src.length() && src.charAt(pos + 1) == '\n') { pos += 2; line++; lineStart = pos; b.append(' '); continue; }
            if (c == '\\' && src.startsWith("\\\r\n", pos)) { pos += 3; line++; lineStart = pos; b.append(' '); continue; }
            if (c == '\n') break;
            b.append(c);
            pos++;
        }
        return b.toString().stripTrailing();
    }

    private void meta(String unused) {
        int startLine = line, startCol = column();
        String text = metaLine();
        String[] parts = text.substring(1).split("\\s+", 2);
        String cmd = parts[0].toLowerCase(Locale.ROOT);
        String args = parts.length > 1 ? parts[1].trim() : "";
        int argsCol = startCol + text.indexOf(args.isEmpty() ? " " : args, 1 + cmd.length());
        switch (cmd) {
            case "set" -> {
                Matcher m = SET.matcher(args);
                if (!m.matches()) throw error(startLine, startCol, "\\set needs a variable name and an expression, as in \\set aid random(1, 100000 * :scale)");
                String name = m.group(1);
                int exprCol = argsCol + m.start(2);
                Expr e = expression(m.group(2), startLine, exprCol);
                defined.add(name);
                add(new Command.Set(texts.size(), startLine, name, e), text);
            }
            case "sleep" -> {
                if (args.isEmpty()) throw error(startLine, startCol, "\\sleep needs a duration, as in \\sleep 10 ms");
                String[] a = args.split("\\s+");
                if (a.length > 2) throw error(startLine, startCol, "\\sleep takes a number or :variable and an optional unit (us, ms, s)");
                long micros = 1_000_000;
                if (a.length == 2) {
                    micros = switch (a[1].toLowerCase(Locale.ROOT)) {
                        case "us" -> 1;
                        case "ms" -> 1_000;
                        case "s" -> 1_000_000;
                        default -> throw error(startLine, argsCol + args.indexOf(a[1]), "unknown \\sleep unit '" + a[1] + "'; use us, ms or s");
                    };
                }
                if (!a[0].matches(":[A-Za-z_][A-Za-z0-9_]*|-?[0-9]+")) {
                    throw error(startLine, argsCol, "\\sleep takes an integer or a :variable, not '" + a[0] + "'");
                }
                Expr e = expression(a[0], startLine, argsCol);
                add(new Command.Sleep(texts.size(), startLine, e, micros), text);
            }
            case "if" -> {
                branches = true;
                Expr e = condition(args, startLine, argsCol, "\\if");
                IfBlock b = new IfBlock(startLine);
                b.pendingElse = new int[1];
                ifs.push(b);
                add(new Command.Branch(texts.size(), startLine, e, b.pendingElse), text);
            }
            case "elif", "else" -> {
                IfBlock b = ifs.peek();
                if (b == null) throw error(startLine, startCol, "\\" + cmd + " without \\if");
                if (b.sawElse) throw error(startLine, startCol, "\\" + cmd + " after \\else");
                int[] toEnd = new int[1];
                b.toEnd.add(toEnd);
                out.add(new Command.Jump(-1, startLine, toEnd));
                b.pendingElse[0] = out.size();
                if (cmd.equals("elif")) {
                    Expr e = condition(args, startLine, argsCol, "\\elif");
                    b.pendingElse = new int[1];
                    add(new Command.Branch(texts.size(), startLine, e, b.pendingElse), text);
                } else {
                    if (!args.isEmpty()) throw error(startLine, argsCol, "\\else takes no arguments");
                    b.sawElse = true;
                    b.pendingElse = null;
                    add(new Command.Marker(texts.size(), startLine, "else"), text);
                }
            }
            case "endif" -> {
                IfBlock b = ifs.poll();
                if (b == null) throw error(startLine, startCol, "\\endif without \\if");
                add(new Command.Marker(texts.size(), startLine, "endif"), text);
                int end = out.size();
                if (b.pendingElse != null) b.pendingElse[0] = end;
                for (int[] t : b.toEnd) t[0] = end;
            }
            case "startpipeline", "endpipeline", "syncpipeline" -> add(new Command.Marker(texts.size(), startLine, cmd), text);
            case "gset", "aset" -> throw error(startLine, startCol, "\\" + cmd + " must directly follow a SQL command on its line, in place of its ';'");
            case "shell", "setshell" -> throw error(startLine, startCol, "\\" + cmd + " runs shell commands, which Stampede refuses: a load test must not "
                    + "run programs on this machine. Replace it with \\set (for values) or a SQL command");
            default -> throw error(startLine, startCol, "unknown meta-command \\" + cmd + "; supported: \\set, \\sleep, \\gset, \\aset, \\if, "
                    + "\\elif, \\else, \\endif, \\startpipeline, \\endpipeline");
        }
    }

    private Expr condition(String args, int atLine, int col, String what) {
        if (args.isEmpty()) throw error(atLine, col, what + " needs a condition");
        return expression(args, atLine, col);
    }

    private Expr expression(String text, int atLine, int col) {
        try {
            return new ExprParser(text, col, name -> use(name, atLine, col)).parseAll();
        } catch (ExprParser.SyntaxError e) {
            throw error(atLine, e.column, "syntax error: " + e.getMessage());
        }
    }

    private void use(String name, int atLine, int col) {
        if (!defined.contains(name) && !dynamicVariables) {
            throw error(atLine, col, "variable :" + name + " is used before it is set; add \\set " + name + " ... above this line "
                    + "(or read it from a query with \\gset)");
        }
    }

    private void add(Command c, String text) {
        out.add(c);
        texts.add(text.replaceAll("\\s+", " ").trim());
    }

    /** Transactions one run commits: each BEGIN..END block once, each statement outside a block once. */
    private int commits() {
        int n = 0;
        boolean inBlock = false;
        for (Command c : out) {
            if (!(c instanceof Command.Sql s)) continue;
            switch (s.kind()) {
                case BEGIN -> inBlock = true;
                case COMMIT, ROLLBACK -> {
                    if (inBlock && s.kind() == Command.SqlKind.COMMIT) n++;
                    inBlock = false;
                }
                default -> { if (!inBlock) n++; }
            }
        }
        return n;
    }
}
