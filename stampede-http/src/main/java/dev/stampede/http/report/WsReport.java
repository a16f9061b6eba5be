package dev.stampede.http.report;

import java.util.List;
import java.util.Map;

/**
 * The WebSocket part of one scenario's HTTP report: connections and messages over the measured window, close codes
 * seen, and per WebSocket step its messages. Immutable; serialised as is into report.json under {@link #KEY}.
 *
 * @param connectionsOpened WebSockets whose handshake completed
 * @param handshakeFailures handshakes refused (a status other than 101) or not answered in time
 * @param peakOpen          most WebSockets open at one sample
 * @param messagesOut       text or binary messages written
 * @param messagesIn        messages received (matched by a step, buffered, or skipped)
 * @param messagesOutPerSec messagesOut over the measured seconds
 * @param messagesInPerSec  messagesIn over the measured seconds
 * @param closeCodes        the server's close codes (1006: the connection dropped without a close frame), with counts
 * @param steps             per WebSocket step
 */
public record WsReport(long connectionsOpened, long handshakeFailures, int peakOpen, long messagesOut, long messagesIn, double messagesOutPerSec,
                       double messagesInPerSec, long bytesOut, long bytesIn, Map<String, Long> closeCodes, List<Step> steps) {
    public static final String KEY = "websocket";

    public WsReport {
        closeCodes = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(closeCodes));
        steps = List.copyOf(steps);
    }

    /**
     * One WebSocket step's counters.
     *
     * @param action   connect, send, expect or close
     * @param sent     messages this step wrote
     * @param matched  messages that ended this step's expect
     * @param skipped  messages seen while it waited that did not match
     * @param timeouts attempts that ended at the step's timeout
     */
    public record Step(String persona, String operation, String action, String target, long attempts, long sent, long matched, long skipped,
                       long timeouts, long failures) {
    }
}
