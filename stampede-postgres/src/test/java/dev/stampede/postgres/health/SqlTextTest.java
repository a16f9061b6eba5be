package dev.stampede.postgres.health;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SqlTextTest {
    @Test
    void workloadSqlAndItsPgStatStatementsTextNormalizeAlike() {
        String jdbc = "SELECT id FROM s.items WHERE category = ? AND kind = 'x' LIMIT 20";
        String pgss = "SELECT id FROM s.items WHERE category = $1 AND kind = $2 LIMIT $3";
        assertThat(SqlText.normalize(jdbc)).isEqualTo(SqlText.normalize(pgss));
        assertThat(SqlText.normalize("SELECT /* stampede:monitor */ 1")).isEqualTo("select ?");
    }

    @Test
    void findsFilterColumns() {
        assertThat(SqlText.filterColumns("SELECT * FROM items i WHERE i.sku = $1 AND price > 10 ORDER BY id"))
                .containsExactly("sku", "price");
        assertThat(SqlText.filterColumns("UPDATE t SET a = 1 WHERE (email)::text = $1")).containsExactly("email");
        assertThat(SqlText.filterColumns("SELECT 1")).isEmpty();
    }

    @Test
    void recognisesTheTablesAStatementTouches() {
        assertThat(SqlText.mentionsTable("SELECT id FROM stampede.items WHERE x = 1", "stampede", "items")).isTrue();
        assertThat(SqlText.mentionsTable("select id from items where x = 1", "stampede", "items")).isTrue();
        assertThat(SqlText.mentionsTable("SELECT id FROM items_archive", "stampede", "items")).isFalse();
    }

    @Test
    void tellsStatementsWhoseCommitFlushesWalFromPlainReads() {
        assertThat(SqlText.writes("INSERT INTO t (a) VALUES (?)")).isTrue();
        assertThat(SqlText.writes("WITH x AS (DELETE FROM t WHERE id = ? RETURNING *) SELECT count(*) FROM x")).isTrue();
        assertThat(SqlText.writes("SELECT * FROM t WHERE id = ? FOR UPDATE")).isTrue(); // row locks write WAL
        assertThat(SqlText.writes("SELECT last_update, 'insert into' FROM t WHERE id = ?")).isFalse();
        assertThat(SqlText.writes("SELECT \"update\" FROM t")).isFalse();
    }

    @Test
    void marksMonitoringQueriesAfterTheirFirstKeyword() {
        assertThat(MonitorConnection.mark("SELECT 1")).isEqualTo("SELECT /* stampede:monitor */ 1");
    }
}
