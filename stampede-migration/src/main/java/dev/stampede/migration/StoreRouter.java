package dev.stampede.migration;

import dev.stampede.core.engine.NanoClock;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Sends the users' reads and writes to the store the current {@link StoreMode} names, mirrors acknowledged writes to
 * the other store, and switches mode for the migration's phases.
 *
 * <p>Switching is atomic for users: every read and write holds the shared side of a read-write lock, a switch holds
 * the exclusive side, so a switch waits for the attempts in flight, runs its hand-over work (copying the records a
 * failed mirror left behind) and only then changes the mode. When the hand-over fails (a store is unreachable) the
 * mode is left as it was: the router is never half-switched. The time users were held by the switch is the switch's
 * {@link Switch#holdNanos()}, the window in which they saw neither store.
 *
 * <p>Thread-safe: users call {@link #read} and {@link #write} concurrently; the migration driver switches.
 */
final class StoreRouter {

    /** A write against the primary: returns the record as the primary now holds it (with its new version), or null. */
    @FunctionalInterface
    interface Write {
        Row apply(GameStore primary) throws Exception;
    }

    /**
     * One mode switch.
     *
     * @param waitNanos how long the switch waited for the attempts in flight
     * @param holdNanos how long it held users out (hand-over work included)
     * @param carried   records copied to the new primary during the hand-over
     */
    record Switch(StoreMode from, StoreMode to, long waitNanos, long holdNanos, int carried) {
    }

    private final GameStore redis, postgres;
    private final NanoClock clock;
    private final Divergence divergence;
    private final ShadowReads shadow = new ShadowReads();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final int dropMirrorEvery;
    private final AtomicLong mirrorsToPostgres = new AtomicLong();
    private final java.util.Set<String> uncertain = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile StoreMode mode = StoreMode.REDIS;

    /**
     * @param dropMirrorEvery an injected fault for testing the report: every n-th mirror write to PostgreSQL fails as
     *                        if the database had refused it (0 for none)
     */
    StoreRouter(GameStore redis, GameStore postgres, NanoClock clock, int dropMirrorEvery) {
        this.redis = redis;
        this.postgres = postgres;
        this.clock = clock;
        this.divergence = new Divergence(clock);
        this.dropMirrorEvery = dropMirrorEvery;
    }

    StoreMode mode() { return mode; }

    Divergence divergence() { return divergence; }

    ShadowReads shadow() { return shadow; }

    GameStore redis() { return redis; }

    GameStore postgres() { return postgres; }

    /** The store that answers users in {@code m}. */
    GameStore primary(StoreMode m) { return m.postgresPrimary ? postgres : redis; }

    GameStore secondary(StoreMode m) { return m.postgresPrimary ? redis : postgres; }

    /**
     * Runs {@code w} on the primary and mirrors its result. When the primary write fails, its effect is unknown (the
     * reply may have been lost after a commit): {@code key} is remembered as uncertain and compared between the stores
     * at the next switch, so a write that did happen is not left behind in one store only.
     */
    Row write(String key, Write w) throws Exception {
        lock.readLock().lockInterruptibly();
        try {
            StoreMode m = mode;
            Row r;
            try {
                r = w.apply(primary(m));
            } catch (Exception e) {   // InterruptedException included: the write may have reached the server
                uncertain.add(key);
                throw e;
            }
            if (r != null && m.mirrors) mirror(secondary(m), r);
            return r;
        } finally {
            lock.readLock().unlock();
        }
    }

    private void mirror(GameStore other, Row r) {
        try {
            if (other == postgres && dropMirrorEvery > 0 && mirrorsToPostgres.incrementAndGet() % dropMirrorEvery == 0) {
                throw new IllegalStateException("injected fault: mirror write dropped (migration.inject.dual_write_drop_every)");
            }
            other.mirror(r);
            divergence.repaired(r.key());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            divergence.diverged(r.key(), "interrupted");
        } catch (Exception e) {
            divergence.diverged(r.key(), other.name() + ": " + MigrationErrors.describe(e));
        }
    }

    Row read(Kind kind, String id) throws Exception {
        lock.readLock().lockInterruptibly();
        try {
            StoreMode m = mode;
            Row r = primary(m).read(kind, id);
            if (m.shadow) {
                try {
                    Row other = secondary(m).read(kind, id);
                    if (ShadowReads.agree(r, other)) {
                        shadow.agreed();
                    } else {
                        // a write may have landed between the two reads: look once more at both before calling it a mismatch
                        Row again = primary(m).read(kind, id), otherAgain = secondary(m).read(kind, id);
                        if (ShadowReads.agree(again, otherAgain)) {
                            shadow.inFlight();
                            return r;
                        }
                        shadow.mismatched(Row.key(kind, id), again, otherAgain);
                        r = again;
                    }
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    shadow.failed();
                }
            }
            return r;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Switches to {@code next}: waits for the attempts in flight, copies each divergent record (a failed mirror write, or
     * a primary write whose outcome is unknown)
     * from the store holding its newer version to the other (at a rollback, the cutover's writes go back to Redis this
     * way), then changes the mode. On a failure the mode is unchanged.
     */
    Switch switchTo(StoreMode next) throws Exception {
        long asked = clock.nanoTime();
        lock.writeLock().lockInterruptibly();
        long held = clock.nanoTime();
        try {
            StoreMode from = mode;
            int carried = next.mirrors || from.mirrors ? carryDivergent() : 0;
            mode = next;
            return new Switch(from, next, held - asked, clock.nanoTime() - held, carried);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Copies each divergent record from the store with the newer version to the other; returns how many were copied. */
    private int carryDivergent() throws Exception {
        int n = 0;
        java.util.Set<String> keys = new java.util.HashSet<>(divergence.openKeys());
        keys.addAll(uncertain);
        for (String key : keys) {
            int colon = key.indexOf(':');
            Kind kind = Kind.bySegment(key.substring(0, colon));
            String id = key.substring(colon + 1);
            Row a = redis.read(kind, id), b = postgres.read(kind, id);
            if (a != null && (b == null || a.v() > b.v())) {
                postgres.mirror(a);
                n++;
            } else if (b != null && (a == null || b.v() > a.v())) {
                redis.mirror(b);
                n++;
            }
            divergence.repaired(key);
            uncertain.remove(key);
        }
        return n;
    }

    /**
     * Copies rows read from Redis at {@code readAtNanos} (the router's clock) into PostgreSQL (the backfill's batch):
     * returns how many PostgreSQL took. A divergent key counts as repaired only if it diverged before that read.
     */
    int backfill(List<Row> rows, long readAtNanos) throws Exception {
        lock.readLock().lockInterruptibly();
        try {
            int n = postgres.mirrorAll(rows);
            for (Row r : rows) divergence.repairedByReadAt(r.key(), readAtNanos);
            return n;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Runs {@code task} while no user reads or writes (a verify's second look at the keys that differed). */
    <T> T quiesced(Callable<T> task) throws Exception {
        lock.writeLock().lockInterruptibly();
        try {
            return task.call();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The keys divergent now, for reports. */
    List<String> divergentKeys() { return new ArrayList<>(divergence.openKeys()); }
}
