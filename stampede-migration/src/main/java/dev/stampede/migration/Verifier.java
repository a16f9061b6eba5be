package dev.stampede.migration;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares every record between the stores, taking the primary as the reference: <b>missing</b> (in the primary, not in
 * the other store), <b>extra</b> (in the other store only) and <b>mismatched</b> (a different version or values). A
 * first pass reads both stores while users keep writing; the keys that differ are read again while the router holds
 * users out ({@link StoreRouter#quiesced}), so a write caught between its primary and its mirror is not reported as a
 * difference. Stateless apart from the stores.
 */
final class Verifier {

    /**
     * One comparison.
     *
     * @param when       {@code after verify}, {@code after rollback}...
     * @param reference  the primary at the time
     * @param compared   records in the reference
     * @param rechecked  keys the first pass found different and the second pass read again
     */
    record Consistency(String when, String reference, long compared, long missing, long extra, long mismatched, long rechecked,
                       List<String> missingSample, List<String> extraSample, List<String> mismatchedSample, List<String> missingKeys) {
        boolean clean() { return missing == 0 && extra == 0 && mismatched == 0; }
    }

    private Verifier() {
    }

    static Consistency compare(StoreRouter router, String when, int keepMissing) throws Exception {
        StoreMode m = router.mode();
        GameStore ref = router.primary(m), other = router.secondary(m);
        Map<String, Row> others = new HashMap<>();
        other.forEach(r -> others.put(r.key(), r));
        List<String> suspects = new ArrayList<>();
        long[] compared = {0};
        ref.forEach(r -> {
            compared[0]++;
            Row o = others.remove(r.key());
            if (!r.sameAs(o)) suspects.add(r.key());
        });
        suspects.addAll(others.keySet());
        return router.quiesced(() -> {
            long missing = 0, extra = 0, mismatched = 0;
            List<String> ms = new ArrayList<>(), es = new ArrayList<>(), mm = new ArrayList<>(), all = new ArrayList<>();
            for (String key : suspects) {
                int colon = key.indexOf(':');
                Kind kind = Kind.bySegment(key.substring(0, colon));
                String id = key.substring(colon + 1);
                Row a = ref.read(kind, id), b = other.read(kind, id);
                if (a == null && b == null) continue;
                if (a != null && a.sameAs(b)) continue;
                if (b == null) {
                    missing++;
                    if (ms.size() < 10) ms.add(key);
                    if (all.size() < keepMissing) all.add(key);
                } else if (a == null) {
                    extra++;
                    if (es.size() < 10) es.add(key);
                } else {
                    mismatched++;
                    if (mm.size() < 10) mm.add(key + " (" + ref.name() + " " + a.summary() + ", " + other.name() + " " + b.summary() + ")");
                }
            }
            return new Consistency(when, ref.name(), compared[0], missing, extra, mismatched, suspects.size(), ms, es, mm, all);
        });
    }
}
