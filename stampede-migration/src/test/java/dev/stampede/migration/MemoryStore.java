package dev.stampede.migration;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A {@link GameStore} in a map, for the router's and the driver's unit tests only (the stores themselves are tested
 * against the real servers in the ITs). It implements the same contract: versions raised by increments, mirror writes
 * only over older versions. {@code failing} makes every call throw, as an unreachable server would.
 */
class MemoryStore implements GameStore {
    private final String name;
    final Map<String, Row> rows = new ConcurrentHashMap<>();
    volatile boolean failing;

    MemoryStore(String name) {
        this.name = name;
    }

    private void check() {
        if (failing) throw new IllegalStateException(name + " unreachable");
    }

    @Override public String name() { return name; }

    @Override public void insert(Row row) { check(); rows.putIfAbsent(row.key(), new Row(row.kind(), row.id(), row.values(), 1)); }

    @Override
    public synchronized Row increment(Kind kind, String id, Map<String, Long> deltas) {
        check();
        Row r = rows.get(Row.key(kind, id));
        if (r == null) return null;
        Map<String, String> v = new java.util.HashMap<>(r.values());
        deltas.forEach((k, d) -> v.put(k, Long.toString(Long.parseLong(v.get(k)) + d)));
        Row n = new Row(kind, id, v, r.v() + 1);
        rows.put(n.key(), n);
        return n;
    }

    @Override
    public synchronized boolean mirror(Row row) {
        check();
        Row cur = rows.get(row.key());
        if (cur != null && cur.v() >= row.v()) return false;
        rows.put(row.key(), row);
        return true;
    }

    @Override
    public int mirrorAll(List<Row> list) {
        int n = 0;
        for (Row r : list) if (mirror(r)) n++;
        return n;
    }

    @Override public Row read(Kind kind, String id) { check(); return rows.get(Row.key(kind, id)); }

    @Override public void forEach(Consumer<Row> sink) { check(); rows.values().forEach(sink); }

    @Override public void close() { }
}
