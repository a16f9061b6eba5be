package dev.stampede.postgres.pgbench;

import dev.stampede.core.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScriptParserTest {
    private static Script parse(String text) {
        return ScriptParser.parse("t.sql", text, 1);
    }

    @Test
    void everyBuiltinParsesWithItsCommitCount() {
        Script tpcb = parse(BuiltinScripts.text("tpcb-like"));
        assertThat(tpcb.texts()).hasSize(11);
        assertThat(tpcb.commits()).isEqualTo(1);
        Command.Sql update = (Command.Sql) tpcb.commands().get(5);
        assertThat(update.jdbc()).isEqualTo("UPDATE pgbench_accounts SET abalance = abalance + ? WHERE aid = ?");
        assertThat(update.variables()).containsExactly("delta", "aid");
        assertThat(update.line()).isEqualTo(6);
        assertThat(((Command.Sql) tpcb.commands().get(4)).kind()).isEqualTo(Command.SqlKind.BEGIN);
        assertThat(((Command.Sql) tpcb.commands().get(10)).kind()).isEqualTo(Command.SqlKind.COMMIT);
        assertThat(parse(BuiltinScripts.text("simple-update")).commits()).isEqualTo(1);
        Script select = parse(BuiltinScripts.text("select-only"));
        assertThat(select.commits()).isEqualTo(1);
        assertThat(select.texts()).hasSize(2);
        assertThat(BuiltinScripts.resolve("tpcb")).isEqualTo("tpcb-like");
        assertThat(BuiltinScripts.resolve("s")).isNull();   // ambiguous, as pgbench -b s
    }

    @Test
    void severalCommandsPerLineQuotesAndDollarQuotes() {
        Script s = parse("SELECT 'a;b' AS x; SELECT $$ ; :no $$, \"c;d\" FROM t WHERE e = E'\\';' ;\n"
                + "SELECT (1;\n2) -- comment ; here\n;\nSELECT '{\"a\":1}'::jsonb ? 'a'");
        assertThat(s.texts()).hasSize(4);
        assertThat(((Command.Sql) s.commands().get(1)).variables()).isEmpty();
        assertThat(((Command.Sql) s.commands().get(2)).line()).isEqualTo(2);
        assertThat(((Command.Sql) s.commands().get(3)).jdbc()).isEqualTo("SELECT '{\"a\":1}'::jsonb ?? 'a'");
        assertThat(s.commits()).isEqualTo(4);   // four autocommit statements
    }

    @Test
    void gsetSleepIfAndContinuations() {
        Script s = parse("""
                \\set n random(1, \\
                   10)
                SELECT :n AS v, 2 AS w \\gset p_
                \\sleep :p_v ms
                \\if :p_w > 1
                SELECT 1;
                \\elif :p_w = 1
                SELECT 2;
                \\else
                SELECT 3;
                \\endif
                """);
        Command.Sql q = (Command.Sql) s.commands().get(1);
        assertThat(q.gsetPrefix()).isEqualTo("p_");
        assertThat(q.line()).isEqualTo(3);
        assertThat(((Command.Sleep) s.commands().get(2)).micros()).isEqualTo(1000);
        assertThat(s.commits()).isEqualTo(-1);   // branches: varies
        Command.Branch first = (Command.Branch) s.commands().get(3);
        assertThat(s.commands().get(first.elseTarget()[0])).isInstanceOf(Command.Branch.class);
    }

    @Test
    void errorsNameFileLineAndColumn() {
        assertThatThrownBy(() -> parse("SELECT 1;\n\\set x random(1,, 2)\n"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("t.sql:2:17: syntax error");
        assertThatThrownBy(() -> parse("\\set x frobnicate(1)")).hasMessageStartingWith("t.sql:1:8: syntax error: unknown function 'frobnicate'");
        assertThatThrownBy(() -> parse("SELECT * FROM t WHERE id = :id;"))
                .hasMessageStartingWith("t.sql:1:28: variable :id is used before it is set");
        assertThatThrownBy(() -> parse("\\set a :b + 1")).hasMessageContaining("variable :b is used before it is set");
        assertThatThrownBy(() -> parse("SELECT 'open")).hasMessageStartingWith("t.sql:1:8: unterminated quoted string");
        assertThatThrownBy(() -> parse("\\if true\nSELECT 1;")).hasMessageStartingWith("t.sql:1:1: \\if without a matching \\endif");
        assertThatThrownBy(() -> parse("\\endif")).hasMessageContaining("\\endif without \\if");
        assertThatThrownBy(() -> parse("\\sleep 5 hours")).hasMessageContaining("unknown \\sleep unit 'hours'");
        assertThatThrownBy(() -> parse("\\frob")).hasMessageContaining("unknown meta-command \\frob");
        assertThatThrownBy(() -> parse("")).hasMessageContaining("no commands");
    }

    @Test
    void shellMetaCommandsAreRefused() {
        assertThatThrownBy(() -> parse("\\shell echo hi")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("t.sql:1:1: \\shell runs shell commands, which Stampede refuses");
        assertThatThrownBy(() -> parse("\\setshell x echo 1")).hasMessageStartingWith("t.sql:1:1: \\setshell runs shell commands");
    }

    @Test
    void variablesAfterGsetAreCheckedAtRunTime() {
        Script s = parse("SELECT 1 AS a \\gset\nSELECT :a, :maybe;");
        assertThat(((Command.Sql) s.commands().get(1)).variables()).containsExactly("a", "maybe");
    }

    @Test
    void scriptSpecsAndWeights(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path f = dir.resolve("mine.sql");
        Files.writeString(f, "SELECT 1;");
        assertThat(PgbenchWorkload.parseOne(f + "@3").weight()).isEqualTo(3.0);
        assertThat(PgbenchWorkload.parseOne("select-only").name()).isEqualTo("select-only");
        assertThat(PgbenchWorkload.parse(java.util.List.of())).extracting(Script::name).containsExactly("tpcb-like");
        assertThatThrownBy(() -> PgbenchWorkload.parseOne(f + "@heavy")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("the weight after '@' must be a number, not 'heavy'");
        assertThatThrownBy(() -> PgbenchWorkload.parseOne(dir.resolve("none.sql").toString()))
                .hasMessageContaining("is neither a file");
    }

    @Test
    void ownCopyQualifiesOnlyBarePgbenchNames() {
        PgbenchTables t = new PgbenchTables("st", 1);
        assertThat(t.qualify("UPDATE pgbench_accounts SET x = 1 FROM public.pgbench_tellers, pgbench_history_x, \"pgbench_branches\""))
                .isEqualTo("UPDATE st.pgbench_accounts SET x = 1 FROM public.pgbench_tellers, pgbench_history_x, \"pgbench_branches\"");
        assertThat(new PgbenchTables(null, 1).qualify("SELECT * FROM pgbench_accounts")).isEqualTo("SELECT * FROM pgbench_accounts");
    }

    @Test
    void valuesPrintAndParseAsPgbench() {
        assertThat(Values.text(2.5)).isEqualTo("2.5");
        assertThat(Values.text(1e20)).isEqualTo("1e+20");
        assertThat(Values.text(3L)).isEqualTo("3");
        assertThat(Values.parse("yes")).isEqualTo(true);
        assertThat(Values.parse("off")).isEqualTo(false);
        assertThat(Values.parse("o")).isEqualTo("o");
        assertThat(Values.parse("12")).isEqualTo(12L);
        assertThat(Values.parse("1.5")).isEqualTo(1.5);
        assertThat(Values.parse("NULL")).isEqualTo(Values.NULL);
    }
}
