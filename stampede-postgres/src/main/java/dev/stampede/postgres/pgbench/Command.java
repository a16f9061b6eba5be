package dev.stampede.postgres.pgbench;

import java.util.List;

/**
 * One step of a parsed script. {@code index} numbers the user-visible commands (SQL and meta-commands) for
 * the per-statement report; branch bookkeeping steps have index -1. Immutable.
 */
sealed interface Command {
    int index();

    int line();

    /** How a SQL command is run: as a JDBC transaction edge or as a statement. */
    enum SqlKind { BEGIN, COMMIT, ROLLBACK, STATEMENT }

    /**
     * A SQL command with its {@code :variables} replaced by bound parameters.
     *
     * @param text       the command as written (for reports)
     * @param jdbc       the text sent, with {@code ?} for each variable
     * @param variables  the variable bound to each {@code ?}, in order
     * @param gsetPrefix {@code \gset} prefix ("" for none given), or null when results are not stored
     * @param aset       {@code \aset}: store every row's columns (the last row wins), zero rows allowed
     */
    record Sql(int index, int line, String text, String jdbc, List<String> variables, SqlKind kind, String gsetPrefix,
               boolean aset) implements Command {
    }

    /** {@code \set name expression}. */
    record Set(int index, int line, String name, Expr expr) implements Command {
    }

    /** {@code \sleep n [us|ms|s]}: {@code micros} per unit of the expression's value. */
    record Sleep(int index, int line, Expr amount, long micros) implements Command {
    }

    /** {@code \if} / {@code \elif}: when the condition is false, continue at {@code elseTarget}. */
    record Branch(int index, int line, Expr condition, int[] elseTarget) implements Command {
    }

    /** The end of a taken branch ({@code \elif}, {@code \else}): continue at {@code target} (after {@code \endif}). */
    record Jump(int index, int line, int[] target) implements Command {
    }

    /** {@code \startpipeline}, {@code \endpipeline}, {@code \endif}: accepted, no work (commands run one by one). */
    record Marker(int index, int line, String name) implements Command {
    }
}
