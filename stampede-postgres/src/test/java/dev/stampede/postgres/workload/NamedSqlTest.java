package dev.stampede.postgres.workload;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NamedSqlTest {
    @Test
    void rewritesNamedParametersInOrder() {
        NamedSql n = NamedSql.parse("UPDATE t SET a = :amount WHERE id = :id AND b = :amount");
        assertThat(n.sql()).isEqualTo("UPDATE t SET a = ? WHERE id = ? AND b = ?");
        assertThat(n.params()).containsExactly("amount", "id", "amount");
    }

    @Test
    void leavesCastsLiteralsCommentsAndDollarQuotesAlone() {
        NamedSql n = NamedSql.parse("SELECT ':x', \"a:b\", $$ :y $$, :z::int -- :c\n /* :d */ FROM t WHERE v = $1");
        assertThat(n.params()).containsExactly("z");
        assertThat(n.sql()).isEqualTo("SELECT ':x', \"a:b\", $$ :y $$, ?::int -- :c\n /* :d */ FROM t WHERE v = $1");
    }
}
