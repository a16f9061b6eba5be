package dev.stampede.postgres;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The budget's arithmetic at its edges: fits, tight (warning), the last slot, more than free. */
class ConnectionBudgetTest {
    // 100 slots, 3 for superusers, 2 reserved (PG16+), 5 in use: 90 free, headroom 10
    private final ConnectionBudget b = new ConnectionBudget("db:5432", 100, 3, 2, 5);

    @Test
    void freeSlotsLeaveBothReservationsAndTheSessionsInUseOut() {
        assertThat(b.free()).isEqualTo(90);
        assertThat(b.headroom()).isEqualTo(10);
    }

    @Test
    void verdictsAtTheEdges() {
        assertThat(b.check(79, 1, false).verdict()).isEqualTo(ConnectionBudget.Verdict.FITS);       // 10 left
        ConnectionBudget.Check tight = b.check(80, 1, false);                                       // 9 left
        assertThat(tight.verdict()).isEqualTo(ConnectionBudget.Verdict.WARNING);
        assertThat(tight.leftForOthers()).isEqualTo(9);
        assertThat(tight.message()).contains("leaving 9 for other clients (fewer than 10)")
                .contains("90 are free").contains("2 by reserved_connections").contains("to 79 or less");
        ConnectionBudget.Check last = b.check(89, 1, false);                                        // 0 left
        assertThat(last.verdict()).isEqualTo(ConnectionBudget.Verdict.REFUSED);
        assertThat(last.message()).contains("last free connection").contains("leaving none");
        ConnectionBudget.Check over = b.check(400, 1, false);
        assertThat(over.verdict()).isEqualTo(ConnectionBudget.Verdict.REFUSED);
        assertThat(over.message()).contains("does not fit").contains("311 more than are free")
                .contains("ALTER SYSTEM SET max_connections = 421");
        assertThat(b.check(400, 1, true).verdict()).isEqualTo(ConnectionBudget.Verdict.ALLOWED_EXHAUST);
    }
}
