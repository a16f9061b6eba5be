package dev.stampede.migration;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The driver's walk on a clock that jumps to each deadline: windows, modes and slots, and a stop on a store failure. */
class MigrationDriverTest {
    /** The in-memory store raises no SQL errors. */
    private static final MigrationErrors NO_SQL = new MigrationErrors(e -> {
        throw new AssertionError("an SQL error from the in-memory store", e);
    });

    private final ManualClock clock = new ManualClock();
    private final MemoryStore redis = new MemoryStore("redis"), pg = new MemoryStore("postgres");

    private static MigrationPhase phase(PhaseKind k, int seconds) {
        return new MigrationPhase(k.id(), k, Duration.ofSeconds(seconds), List.of(), null, List.of());
    }

    @Test
    void phasesAreScaledToTheScenarioAndWalkedInOrderOnTheClock() {
        List<MigrationPhase> phases = List.of(phase(PhaseKind.BASELINE, 60), phase(PhaseKind.DUAL_WRITE, 30), phase(PhaseKind.SHADOW_READS, 10));
        List<Long> planned = MigrationScope.scaled(phases, 10_000_000_000L);
        assertThat(planned).containsExactly(6_000_000_000L, 3_000_000_000L, 1_000_000_000L);
        StoreRouter router = new StoreRouter(redis, pg, clock, 0);
        List<String> slots = phases.stream().map(MigrationPhase::name).toList();
        GameUsers users = new GameUsers(router, NO_SQL, slots, 10, 2, 0.5);
        MigrationDriver d = new MigrationDriver(phases, planned, router, users, null, clock, slots);
        d.zero(clock.nanoTime());
        d.walk();
        List<Timeline.Phase> t = d.timeline().phases();
        assertThat(t).extracting(Timeline.Phase::name).containsExactly("baseline", "dual-write", "shadow-reads");
        assertThat(t).extracting(Timeline.Phase::startS).containsExactly(0.0, 6.0, 9.0);
        assertThat(t).extracting(Timeline.Phase::endS).containsExactly(6.0, 9.0, 10.0);
        assertThat(t).extracting(Timeline.Phase::mode).containsExactly("redis", "dual_write", "shadow_reads");
        assertThat(users.slot()).isEqualTo(2);
        assertThat(d.switches()).extracting(MigrationDriver.SwitchAt::phase).containsExactly("dual-write", "shadow-reads");
        assertThat(d.failure()).isNull();
    }

    @Test
    void anUnreachableStoreStopsTheWalkInItsPhaseAndTheRouterStaysWhereItWas() throws Exception {
        List<MigrationPhase> phases = List.of(phase(PhaseKind.DUAL_WRITE, 10), phase(PhaseKind.CUTOVER, 10), phase(PhaseKind.ROLLBACK, 10));
        StoreRouter router = new StoreRouter(redis, pg, clock, 0);
        List<String> slots = phases.stream().map(MigrationPhase::name).toList();
        GameUsers users = new GameUsers(router, NO_SQL, slots, 1, 1, 0.5);
        redis.insert(new Row(Kind.GAME, "g1", Map.of("status", "a", "current_phase", "p", "player_count", "0", "moves", "0", "game_data", "{}"), 1));
        router.switchTo(StoreMode.DUAL_WRITE);
        pg.failing = true;
        router.write("game:g1", s -> s.increment(Kind.GAME, "g1", Map.of("moves", 1L)));   // divergent: the cutover must carry it over
        MigrationDriver d = new MigrationDriver(phases, MigrationScope.scaled(phases, 3_000_000_000L), router, users, null, clock, slots);
        d.zero(clock.nanoTime());
        d.walk();
        List<Timeline.Phase> t = d.timeline().phases();
        assertThat(t.get(0).status()).isEqualTo("completed");
        assertThat(t.get(1).status()).startsWith("failed: ").contains("postgres unreachable");
        assertThat(t.get(2).status()).startsWith("not run");
        assertThat(d.failure()).contains("phase 'cutover'").contains("stayed in mode DUAL_WRITE");
        assertThat(router.mode()).isEqualTo(StoreMode.DUAL_WRITE);
    }
}
