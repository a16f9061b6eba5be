package dev.stampede.migration;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreRouterTest {
    private final MemoryStore redis = new MemoryStore("redis"), pg = new MemoryStore("postgres");
    private final ManualClock clock = new ManualClock();

    private static Row game(String id) {
        return new Row(Kind.GAME, id, Map.of("status", "active", "current_phase", "playing", "player_count", "0", "moves", "0",
                "game_data", "{\"a\": 1}"), 1);
    }

    private static Row move(StoreRouter r, String id) throws Exception {
        return r.write(Row.key(Kind.GAME, id), s -> s.increment(Kind.GAME, id, Map.of("moves", 1L)));
    }

    @Test
    void redisModeWritesOnlyRedisAndDualWriteMirrorsWithTheVersion() throws Exception {
        StoreRouter r = new StoreRouter(redis, pg, clock, 0);
        redis.insert(game("g1"));
        move(r, "g1");
        assertThat(pg.rows).isEmpty();
        r.switchTo(StoreMode.DUAL_WRITE);
        Row after = move(r, "g1");
        assertThat(after.v()).isEqualTo(3);
        assertThat(pg.read(Kind.GAME, "g1").sameAs(redis.read(Kind.GAME, "g1"))).isTrue();
    }

    @Test
    void cutoverWritesPostgresFirstAndKeepsRedisInStep() throws Exception {
        StoreRouter r = new StoreRouter(redis, pg, clock, 0);
        redis.insert(game("g1"));
        pg.insert(game("g1"));
        r.switchTo(StoreMode.POSTGRES);
        assertThat(r.primary(r.mode())).isSameAs(pg);
        move(r, "g1");
        assertThat(pg.read(Kind.GAME, "g1").values().get("moves")).isEqualTo("1");
        assertThat(redis.read(Kind.GAME, "g1").sameAs(pg.read(Kind.GAME, "g1"))).isTrue();
    }

    @Test
    void aFailedMirrorIsDivergenceUntilTheNextSwitchCarriesItOver() throws Exception {
        StoreRouter r = new StoreRouter(redis, pg, clock, 0);
        redis.insert(game("g1"));
        r.switchTo(StoreMode.DUAL_WRITE);
        pg.failing = true;
        move(r, "g1");
        clock.advanceMillis(1500);
        pg.failing = false;
        assertThat(r.divergence().snapshot().writes()).isEqualTo(1);
        assertThat(r.divergence().snapshot().sample()).containsExactly("game:g1");
        StoreRouter.Switch s = r.switchTo(StoreMode.POSTGRES);
        assertThat(s.carried()).isEqualTo(1);
        assertThat(pg.read(Kind.GAME, "g1").v()).isEqualTo(2);
        Divergence.Snapshot d = r.divergence().snapshot();
        assertThat(d.stillDivergent()).isZero();
        assertThat(d.maxRepairS()).isEqualTo(1.5);
    }

    @Test
    void theInjectedDropFailsEveryNthMirrorWrite() throws Exception {
        StoreRouter r = new StoreRouter(redis, pg, clock, 3);
        redis.insert(game("g1"));
        r.switchTo(StoreMode.DUAL_WRITE);
        for (int i = 0; i < 9; i++) move(r, "g1");
        assertThat(r.divergence().snapshot().writes()).isEqualTo(3);
        assertThat(r.divergence().snapshot().reasons().keySet()).anyMatch(k -> k.contains("injected fault"));
    }

    @Test
    void aSwitchWhoseHandOverFailsLeavesTheModeAsItWas() throws Exception {
        StoreRouter r = new StoreRouter(redis, pg, clock, 0);
        redis.insert(game("g1"));
        r.switchTo(StoreMode.DUAL_WRITE);
        pg.failing = true;
        move(r, "g1");
        assertThatThrownBy(() -> r.switchTo(StoreMode.POSTGRES)).hasMessageContaining("postgres unreachable");
        assertThat(r.mode()).isEqualTo(StoreMode.DUAL_WRITE);
        assertThat(r.divergence().snapshot().stillDivergent()).isEqualTo(1);
    }

    @Test
    void aPrimaryWriteThatFailedIsComparedAndCarriedAtTheNextSwitch() throws Exception {
        // the cutover's write reached PostgreSQL but its reply was lost: the user saw an error, Redis never got the mirror
        MemoryStore lossy = new MemoryStore("postgres") {
            @Override
            public synchronized Row increment(Kind kind, String id, java.util.Map<String, Long> deltas) {
                super.increment(kind, id, deltas);
                throw new IllegalStateException("connection reset after commit");
            }
        };
        StoreRouter r = new StoreRouter(redis, lossy, clock, 0);
        redis.insert(game("g1"));
        lossy.insert(game("g1"));
        r.switchTo(StoreMode.POSTGRES);
        assertThatThrownBy(() -> move(r, "g1")).hasMessageContaining("reset after commit");
        assertThat(redis.read(Kind.GAME, "g1").v()).isEqualTo(1);
        StoreRouter.Switch back = r.switchTo(StoreMode.DUAL_WRITE);
        assertThat(back.carried()).isEqualTo(1);
        assertThat(redis.read(Kind.GAME, "g1").sameAs(lossy.read(Kind.GAME, "g1"))).isTrue();
    }

    @Test
    void shadowReadsCountAMismatchWithItsSample() throws Exception {
        StoreRouter r = new StoreRouter(redis, pg, clock, 0);
        redis.insert(game("g1"));
        pg.insert(game("g1"));
        redis.insert(game("g2"));
        r.switchTo(StoreMode.SHADOW_READS);
        assertThat(r.read(Kind.GAME, "g1")).isNotNull();
        assertThat(r.read(Kind.GAME, "g2")).isNotNull();
        ShadowReads.Snapshot s = r.shadow().snapshot();
        assertThat(s.compared()).isEqualTo(2);
        assertThat(s.mismatched()).isEqualTo(1);
        assertThat(s.sample()).extracting(ShadowReads.Sample::key).containsExactly("game:g2");
        assertThat(s.sample().getFirst().shadow()).isNull();
    }

    @Test
    void rowsCompareJsonByValueNotBySpelling() {
        Row a = new Row(Kind.PLAYER, "p1", Map.of("username", "u", "total_games", "0", "wins", "0", "player_data", "{\"a\":1,\"b\":2}"), 4);
        Row b = new Row(Kind.PLAYER, "p1", Map.of("username", "u", "total_games", "0", "wins", "0", "player_data", "{\"b\": 2, \"a\": 1}"), 4);
        Row c = new Row(Kind.PLAYER, "p1", Map.of("username", "u", "total_games", "0", "wins", "1", "player_data", "{\"a\":1,\"b\":2}"), 4);
        assertThat(a.sameAs(b)).isTrue();
        assertThat(a.sameAs(c)).isFalse();
        assertThat(a.sameAs(new Row(Kind.PLAYER, "p1", a.values(), 5))).isFalse();
    }
}
