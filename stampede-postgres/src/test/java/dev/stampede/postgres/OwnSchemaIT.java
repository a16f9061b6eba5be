package dev.stampede.postgres;

import dev.stampede.core.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Stampede never adopts someone else's schema and never drops what it did not create. */
class OwnSchemaIT {
    static final String FOREIGN = "stampede_it_foreign";
    static final String OURS = "stampede_it_ours";
    PgTarget target;

    @BeforeEach
    void setUp() throws Exception {
        target = ItSupport.target(OURS);
        ItSupport.dropSchema(target, FOREIGN);
        ItSupport.dropSchema(target, OURS);
    }

    @AfterEach
    void clean() throws Exception {
        ItSupport.dropSchema(target, FOREIGN);
        ItSupport.dropSchema(target, OURS);
    }

    @Test
    void refusesAnExistingSchemaThatIsNotStampedes() throws Exception {
        try (Connection c = target.open("it"); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + FOREIGN);
            s.execute("CREATE TABLE " + FOREIGN + ".customers (id int)");
            assertThatThrownBy(() -> new OwnSchema(FOREIGN).ensure(c))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("not created by Stampede").hasMessageContaining("database.schema");
            assertThat(new OwnSchema(FOREIGN).tablesNow(c)).containsExactly("customers");
        }
    }

    @Test
    void dropOwnedDropsOnlyLedgerTablesAndKeepsASchemaThatHoldsOthers() throws Exception {
        OwnSchema own = new OwnSchema(OURS);
        try (Connection c = target.open("it"); Statement s = c.createStatement()) {
            own.ensure(c);
            s.execute("CREATE TABLE " + OURS + ".ours (id int)");
            own.record(c, "ours", "test", 1);
            s.execute("CREATE TABLE " + OURS + ".users_table_put_here_by_hand (id int)");
            own.dropOwned(c);
            assertThat(own.tablesNow(c)).containsExactly("users_table_put_here_by_hand");
        }
    }

    @Test
    void dropOwnedRemovesTheSchemaWhenNothingElseIsLeft() throws Exception {
        OwnSchema own = new OwnSchema(OURS);
        try (Connection c = target.open("it"); Statement s = c.createStatement()) {
            own.ensure(c);
            s.execute("CREATE TABLE " + OURS + ".ours (id int)");
            own.record(c, "ours", "test", 1);
            own.dropOwned(c);
            try (var rs = s.executeQuery("SELECT count(*) FROM pg_namespace WHERE nspname = '" + OURS + "'")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        }
    }
}
