package dev.stampede.http.ws;

import java.util.ArrayDeque;

/**
 * Messages a WebSocket received while no step was waiting (a game's state broadcasts between a user's steps), kept
 * for the next {@code expect}. Bounded: past {@code capacity} the oldest is dropped and counted. The rules, so a step
 * means the same thing on every run:
 * <ul>
 * <li>a send-and-expect step {@link #clear}s the inbox before it sends: its reply must come after its message;</li>
 * <li>an expect-only step {@link #take}s the oldest buffered message that matches, discarding the older ones that do
 * not (counted as skipped), and waits for a new message only when none matches.</li>
 * </ul>
 * Confined to the connection's event loop; not thread-safe.
 */
final class WsInbox {
    private final int capacity;
    private final ArrayDeque<String> messages = new ArrayDeque<>();
    private long dropped;

    WsInbox(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        this.capacity = capacity;
    }

    /** Buffers a message no step was waiting for. */
    void offer(String text) {
        if (messages.size() == capacity) {
            messages.pollFirst();
            dropped++;
        }
        messages.addLast(text);
    }

    /**
     * The oldest buffered match; the messages before it are removed and counted in {@code skipped[0]}. Null (and the
     * inbox empty) when none matches.
     */
    WsExpectation.Match take(WsExpectation e, int[] skipped) {
        while (!messages.isEmpty()) {
            String m = messages.pollFirst();
            WsExpectation.Match match = e.match(m);
            if (match != null) return match;
            skipped[0]++;
        }
        return null;
    }

    /** Forgets what is buffered; returns how many messages that was. */
    int clear() {
        int n = messages.size();
        messages.clear();
        return n;
    }

    int size() { return messages.size(); }

    /** Messages dropped because the inbox was full. */
    long dropped() { return dropped; }
}
