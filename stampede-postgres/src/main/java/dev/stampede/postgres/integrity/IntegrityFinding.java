package dev.stampede.postgres.integrity;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One integrity problem found in the data: what was checked, how many rows are affected, and a sample key to look
 * at. Immutable.
 *
 * @param check  the kind of check: {@code orphans}, {@code nulls}, {@code duplicates}, {@code not-valid},
 *               {@code index-corruption}, {@code heap-corruption}
 * @param object what was checked, for example {@code ledger.entries.player -> public.players.id}
 * @param count  affected rows (or corrupt pages/items); at least 1
 * @param sample one affected key or detail, as text, or null
 * @param detail one sentence on what it means and what to do
 */
public record IntegrityFinding(String check, String object, long count, String sample, String detail) {

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("check", check);
        m.put("object", object);
        m.put("count", count);
        m.put("sample", sample);
        m.put("detail", detail);
        return m;
    }
}
