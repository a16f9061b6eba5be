package dev.stampede.postgres.pool;

import dev.stampede.postgres.health.SessionsMonitor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PoolFindingsTest {
    @Test
    void aBackendLastSeenYoungButGoneAfterItsLifetimeWasRetiredByIt() {
        // five ended backends, max lifetime 30 s: one last seen at 25 s and gone by the next sample at 30.5 s (samples
        // 5.5 s apart on a loaded machine), one retired by the idle timeout at 12 s, one last seen at 29 s, gone at 30 s,
        // one gone at 23 s (HikariCP 7 retires at a random age from 22.5 s), one gone at 21 s (younger than the window)
        var b = new SessionsMonitor.BackendHistory(7, 5, 2, 4, List.of(25.0, 11.0, 29.0, 22.2, 20.0), List.of(30.5, 12.0, 30.0, 23.0, 21.0));
        assertThat(PoolFindings.lifetimeRetired(b, 30.0, 0.25)).isEqualTo(3);
        assertThat(PoolFindings.lifetimeRetired(b, 60.0, 0.25)).isZero();
        assertThat(PoolFindings.lifetimeRetired(b, null, 0.25)).isZero();
        // HikariCP 5 and 6 (1/40): the window starts at 29.25 s, so the backend gone at 23 s was not retired by it
        assertThat(PoolFindings.lifetimeRetired(b, 30.0, 1.0 / 40)).isEqualTo(2);
    }
}
