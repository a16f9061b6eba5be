package dev.stampede.postgres.pgbench;

import java.util.List;

/**
 * A parsed pgbench script: its steps, the text of each user-visible command (for the per-statement report, like
 * pgbench's {@code -r}), and how many transactions one successful run commits (-1 when branches make it vary).
 * Immutable.
 *
 * @param name     the built-in's name or the file name
 * @param weight   relative frequency among the run's scripts ({@code file@weight})
 * @param commands the steps, with branch targets resolved
 * @param texts    one line per user-visible command, by {@link Command#index()}
 * @param commits  transactions committed per successful run, or -1 when it depends on {@code \if} branches
 */
public record Script(String name, double weight, List<Command> commands, List<String> texts, int commits) {
    public Script {
        commands = List.copyOf(commands);
        texts = List.copyOf(texts);
    }

    /** The same script with each SQL command's sent text passed through {@code rewrite} (table qualification). */
    public Script rewriteSql(java.util.function.UnaryOperator<String> rewrite) {
        List<Command> out = new java.util.ArrayList<>();
        for (Command c : commands) {
            out.add(c instanceof Command.Sql q ? new Command.Sql(q.index(), q.line(), q.text(), rewrite.apply(q.jdbc()), q.variables(), q.kind(),
                    q.gsetPrefix(), q.aset()) : c);
        }
        return new Script(name, weight, out, texts, commits);
    }

    public Script withWeight(double w) {
        return new Script(name, w, commands, texts, commits);
    }
}
