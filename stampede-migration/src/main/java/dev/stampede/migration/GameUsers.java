package dev.stampede.migration;

import dev.stampede.core.api.Operation;
import dev.stampede.core.api.OperationContext;
import dev.stampede.core.api.Outcome;
import dev.stampede.core.api.Workload;
import dev.stampede.core.fault.WriteLedger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The users of seed 001's game server, through the {@link StoreRouter}: each attempt is one user action, chosen by the
 * read ratio: read game state (a game and a player), or one of the writes, join game (a new session, the game's player
 * count raised), play move (a new move event, the game's move count raised) and update player (games and wins
 * raised). Sessions and events are new records whose keys come from the {@link WriteLedger}, so that after the run
 * every acknowledged one can be looked for in the store that is primary at the end.
 *
 * <p>The engine records each attempt under the operation of the migration phase (or command mark) it ran in, so each
 * phase has its own latency distribution from the one recorder: {@link #operations()} are the slots, and the driver
 * moves {@link #slot} from one to the next. Thread-safe.
 */
final class GameUsers implements Workload {
    /** The user actions, in report order. */
    static final List<String> ACTIONS = List.of("read_state", "join_game", "play_move", "update_player");

    private final StoreRouter router;
    private final MigrationErrors errors;
    private final WriteLedger ledger = new WriteLedger();
    private final int players, games;
    private final double readRatio;
    private final List<Operation> operations = new ArrayList<>();
    private final AtomicLongArray actionOk = new AtomicLongArray(ACTIONS.size()), actionFailed = new AtomicLongArray(ACTIONS.size());
    private volatile int slot;

    /**
     * @param slots  the names the attempts are recorded under (the migration's phases and marks), in plan order
     * @param errors how a failed attempt becomes an outcome
     */
    GameUsers(StoreRouter router, MigrationErrors errors, List<String> slots, int players, int games, double readRatio) {
        this.router = router;
        this.errors = errors;
        this.players = players;
        this.games = games;
        this.readRatio = readRatio;
        for (String s : slots) operations.add(new Action(s));
    }

    WriteLedger ledger() { return ledger; }

    /** Moves the users' attempts to the slot at {@code index} of the list given at construction. */
    void slot(int index) {
        if (index < 0 || index >= operations.size()) throw new IllegalArgumentException("no slot " + index);
        slot = index;
    }

    int slot() { return slot; }

    /** Successful and failed attempts per action, the workload's own count. */
    Map<String, long[]> actionCounts() {
        Map<String, long[]> m = new LinkedHashMap<>();
        for (int i = 0; i < ACTIONS.size(); i++) m.put(ACTIONS.get(i), new long[]{actionOk.get(i), actionFailed.get(i)});
        return m;
    }

    /** Seeds the game's state (players and games) into {@code store}: the data the migration moves. */
    void seed(GameStore store) throws Exception {
        List<Row> rows = new ArrayList<>(players + games);
        for (int p = 1; p <= players; p++) {
            rows.add(new Row(Kind.PLAYER, "p" + p, Map.of("username", "player" + p, "total_games", "0", "wins", "0",
                    "player_data", "{\"level\": " + (1 + p % 50) + ", \"region\": \"r" + (p % 7) + "\"}"), 1));
        }
        for (int g = 1; g <= games; g++) {
            rows.add(new Row(Kind.GAME, "g" + g, Map.of("status", "active", "current_phase", "playing", "player_count", "0",
                    "moves", "0", "game_data", "{\"mode\": \"hokm\", \"table\": " + g + "}"), 1));
        }
        store.mirrorAll(rows);
    }

    @Override public String name() { return "migration"; }

    @Override public List<Operation> operations() { return operations; }

    @Override public int pick(SplittableRandom random) { return slot; }

    private final class Action implements Operation {
        private final String name;

        Action(String name) {
            this.name = name;
        }

        @Override public String name() { return name; }

        @Override
        public Outcome call(OperationContext ctx) throws InterruptedException {
            SplittableRandom r = ctx.random();
            int action = r.nextDouble() < readRatio ? 0 : 1 + r.nextInt(3);
            long key = action == 1 || action == 2 ? ledger.nextKey() : 0;
            Outcome o;
            try {
                o = switch (action) {
                    case 0 -> readState(r);
                    case 1 -> join(r, key);
                    case 2 -> move(r, key);
                    default -> updatePlayer(r);
                };
            } catch (LedgerFailure f) {
                o = f.outcome;
            } catch (InterruptedException e) {
                throw e; // a ledgered write settled its key itself (see ledgered)
            } catch (Exception e) {
                o = errors.outcome(e);
            }
            (o.isOk() ? actionOk : actionFailed).incrementAndGet(action);
            return o;
        }

        private Outcome readState(SplittableRandom r) throws Exception {
            String g = "g" + (1 + r.nextInt(games)), p = "p" + (1 + r.nextInt(players));
            if (router.read(Kind.GAME, g) == null) return missing("game:" + g);
            if (router.read(Kind.PLAYER, p) == null) return missing("player:" + p);
            return Outcome.OK;
        }

        private Outcome missing(String key) {
            return Outcome.failed(MigrationErrors.STORE, key + " is missing in " + router.primary(router.mode()).name()
                    + " (the store the router reads from now)");
        }

        /** Writes a new ledgered record, recording its outcome, then raises a counter of its game. */
        private Outcome ledgered(long key, Row row, String game, String counter) throws Exception {
            try {
                router.write(row.key(), store -> {
                    store.insert(row);
                    return row;
                });
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                Outcome o = errors.outcome(e);
                if (o.status() == Outcome.Status.UNKNOWN) ledger.unknown(key);
                else ledger.failed(key);
                throw new LedgerFailure(o);
            }
            ledger.acknowledged(key);
            Row g = router.write(Row.key(Kind.GAME, game), store -> store.increment(Kind.GAME, game, Map.of(counter, 1L)));
            return g == null ? missing("game:" + game) : Outcome.OK;
        }

        private Outcome join(SplittableRandom r, long key) throws Exception {
            String g = "g" + (1 + r.nextInt(games)), p = "p" + (1 + r.nextInt(players));
            Row s = new Row(Kind.SESSION, "s" + key, Map.of("player_id", p, "game_id", g, "connection_state", "connected",
                    "session_data", "{\"seat\": " + r.nextInt(4) + "}"), 1);
            return ledgered(key, s, g, "player_count");
        }

        private Outcome move(SplittableRandom r, long key) throws Exception {
            String g = "g" + (1 + r.nextInt(games));
            Row e = new Row(Kind.EVENT, "e" + key, Map.of("game_id", g, "event_type", "card_played",
                    "event_data", "{\"card\": " + r.nextInt(52) + ", \"player\": \"p" + (1 + r.nextInt(players)) + "\"}"), 1);
            return ledgered(key, e, g, "moves");
        }

        private Outcome updatePlayer(SplittableRandom r) throws Exception {
            String p = "p" + (1 + r.nextInt(players));
            Row after = router.write(Row.key(Kind.PLAYER, p), store -> store.increment(Kind.PLAYER, p, Map.of("total_games", 1L, "wins", (long) r.nextInt(2))));
            return after == null ? missing("player:" + p) : Outcome.OK;
        }
    }

    /** A ledgered write that failed: its outcome is already in the ledger. */
    private static final class LedgerFailure extends Exception {
        final transient Outcome outcome;

        LedgerFailure(Outcome outcome) {
            super(null, null, false, false);
            this.outcome = outcome;
        }
    }
}
