package dev.stampede.postgres.health;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Notable sessions the monitors saw during a scenario, kept as evidence for the advisor and the
 * report: idle-in-transaction sessions and blocked/blocking pairs, each with the longest age or wait
 * observed, and the other applications connected to the database. Bounded (at most {@value #MAX} of each). Thread-safe.
 */
public final class HealthEvidence {
    static final int MAX = 50;

    /** A session seen idle inside an open transaction. */
    public record IdleInTransaction(int pid, String application, double maxSeconds, String query) {
    }

    /** A session waiting for a lock that another session holds. */
    public record LockWait(int blockedPid, String blockedApplication, String blockedQuery, int blockingPid,
                           String blockingApplication, String blockingQuery, String waitEvent, double maxWaitSeconds) {
    }

    private final Map<Integer, IdleInTransaction> idle = new LinkedHashMap<>();
    private final Map<Long, LockWait> waits = new LinkedHashMap<>();
    private final java.util.Set<String> others = new java.util.TreeSet<>();

    synchronized void idle(int pid, String app, double seconds, String query) {
        IdleInTransaction old = idle.get(pid);
        if (old == null && idle.size() >= MAX) return;
        if (old == null || seconds > old.maxSeconds()) idle.put(pid, new IdleInTransaction(pid, app, seconds, query));
    }

    synchronized void lockWait(LockWait w) {
        long key = ((long) w.blockedPid() << 32) | (w.blockingPid() & 0xffffffffL);
        LockWait old = waits.get(key);
        if (old == null && waits.size() >= MAX) return;
        if (old == null || w.maxWaitSeconds() > old.maxWaitSeconds()) waits.put(key, w);
    }

    /** A session of another application (not Stampede's) seen on the database; empty names as "(none)". */
    synchronized void otherApplication(String app) {
        if (others.size() < MAX) others.add(app.isEmpty() ? "(no application_name)" : app);
    }

    /** Applications other than Stampede seen connected to the database during the scenario, sorted. */
    public synchronized List<String> otherApplications() {
        return List.copyOf(others);
    }

    /** Longest first. */
    public synchronized List<IdleInTransaction> idleInTransaction() {
        List<IdleInTransaction> l = new ArrayList<>(idle.values());
        l.sort(Comparator.comparingDouble(IdleInTransaction::maxSeconds).reversed());
        return l;
    }

    /** Longest wait first. */
    public synchronized List<LockWait> lockWaits() {
        List<LockWait> l = new ArrayList<>(waits.values());
        l.sort(Comparator.comparingDouble(LockWait::maxWaitSeconds).reversed());
        return l;
    }
}
