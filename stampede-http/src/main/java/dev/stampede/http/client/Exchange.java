package dev.stampede.http.client;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request from send to its end, redirects and a stale-connection resend included. Its fields are touched on the
 * event loop of the connection it runs on; {@link #end} is the one place two threads can meet (a timer and a reply), so
 * it is atomic and exactly one of them tells the listener.
 */
final class Exchange {
    final ReplyListener listener;
    final HttpClient.Lane lane;
    PreparedRequest request;
    long bytesIn;
    long bytesOut;
    int redirects;
    boolean resent;
    boolean firstByteSeen;
    boolean written;
    /** The connection it is written on now; null before. */
    Connection connection;
    ScheduledFuture<?> firstByteTimer;
    ScheduledFuture<?> totalTimer;
    private final AtomicBoolean ended = new AtomicBoolean();

    Exchange(PreparedRequest request, ReplyListener listener, HttpClient.Lane lane) {
        this.request = request;
        this.listener = listener;
        this.lane = lane;
    }

    /** Claims the end; true for the one caller that must tell the listener. Cancels the timers. */
    boolean end() {
        if (!ended.compareAndSet(false, true)) return false;
        cancelFirstByte();
        if (totalTimer != null) totalTimer.cancel(false);
        return true;
    }

    boolean isEnded() { return ended.get(); }

    void cancelFirstByte() {
        if (firstByteTimer != null) {
            firstByteTimer.cancel(false);
            firstByteTimer = null;
        }
    }

    void fail(Failure f, String message) {
        if (end()) listener.failed(f, message, written, bytesIn, bytesOut);
    }
}
