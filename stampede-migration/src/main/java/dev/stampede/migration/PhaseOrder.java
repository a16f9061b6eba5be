package dev.stampede.migration;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which phase orders are safe. A phase list may skip phases and move them, within these rules: each built-in phase at
 * most once; a backfill only after dual-write (otherwise a key written after it was copied is lost in PostgreSQL); a
 * verify or shadow reads only after a backfill (before it they only count the keys not yet copied); a cutover only after
 * a verify (otherwise users may be switched onto a store that misses data); a rollback only after a cutover; after the
 * cutover only a rollback or a command phase. Command phases may go anywhere. {@code force} lifts the order rules
 * (not the at-most-once rule), for a deliberate test of what an unsafe order does. Stateless.
 */
final class PhaseOrder {
    private PhaseOrder() {
    }

    /** Why {@code phases} is unsafe, or empty when it is safe (or forced). */
    static Optional<String> problem(List<MigrationPhase> phases, boolean force) {
        if (phases.isEmpty()) return Optional.of("the phase list is empty");
        Map<PhaseKind, Integer> at = new EnumMap<>(PhaseKind.class);
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < phases.size(); i++) {
            MigrationPhase p = phases.get(i);
            if (!names.add(p.name())) return Optional.of("phase name '" + p.name() + "' is used twice");
            if (p.kind() == PhaseKind.COMMAND) continue;
            if (at.putIfAbsent(p.kind(), i) != null) return Optional.of("phase '" + p.kind().id() + "' appears twice");
        }
        if (force) return Optional.empty();
        for (int i = 0; i < phases.size(); i++) {
            PhaseKind k = phases.get(i).kind();
            String why = switch (k) {
                case BACKFILL -> before(at, PhaseKind.DUAL_WRITE, i) ? null
                        : "backfill without an earlier dual-write: a key written after the backfill copied it would be lost in PostgreSQL";
                case VERIFY, SHADOW_READS -> before(at, PhaseKind.BACKFILL, i) ? null
                        : k.id() + " before any backfill: PostgreSQL holds only what was written since dual-write began";
                case CUTOVER -> before(at, PhaseKind.VERIFY, i) ? null
                        : "cutover before verify: users would be switched onto a store nobody checked holds every key";
                case ROLLBACK -> before(at, PhaseKind.CUTOVER, i) ? null : "rollback without an earlier cutover has nothing to roll back";
                default -> null;
            };
            if (why == null && k != PhaseKind.ROLLBACK && k != PhaseKind.COMMAND && at.containsKey(PhaseKind.CUTOVER)
                    && at.get(PhaseKind.CUTOVER) < i) {
                why = k.id() + " after cutover: after the cutover only rollback or a command phase may run";
            }
            if (why != null) return Optional.of(why);
        }
        return Optional.empty();
    }

    private static boolean before(Map<PhaseKind, Integer> at, PhaseKind k, int i) {
        Integer j = at.get(k);
        return j != null && j < i;
    }
}
