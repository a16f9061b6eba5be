package dev.stampede.migration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DivergenceTest {
    @Test
    void aBackfillCopyRepairsOnlyDivergencesFromBeforeItsRead() {
        ManualClock clock = new ManualClock();
        Divergence d = new Divergence(clock);
        clock.advanceMillis(10);
        long readAt = clock.nanoTime();      // the backfill reads the batch
        clock.advanceMillis(5);
        d.diverged("game:g1", "postgres: down");  // a user's write whose mirror failed after that read
        d.repairedByReadAt("game:g1", readAt);
        assertThat(d.openKeys()).as("the copy predates the failed write: still divergent").containsExactly("game:g1");

        clock.advanceMillis(5);
        d.repairedByReadAt("game:g1", clock.nanoTime()); // a later batch read it after the write
        assertThat(d.openKeys()).isEmpty();

        d.diverged("game:g2", "postgres: down");
        clock.advanceMillis(1);
        long between = clock.nanoTime();
        clock.advanceMillis(1);
        d.diverged("game:g2", "postgres: down again"); // a second failure after the read still counts
        d.repairedByReadAt("game:g2", between);
        assertThat(d.openKeys()).containsExactly("game:g2");
    }
}
