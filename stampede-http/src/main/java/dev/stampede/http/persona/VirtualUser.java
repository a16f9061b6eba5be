package dev.stampede.http.persona;

import dev.stampede.http.client.HttpClient;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One virtual user's state: its persona, its lane (event loop and keep-alive connection), its variables (feeder row,
 * extracted values), cookies and bearer token, and how far its on_start steps got. Touched by one attempt at a time
 * (the engine runs a user's attempts one after another; the completion's happens-before hands it from the event
 * loop back to the user), so not synchronised.
 */
final class VirtualUser {
    final int persona;
    final long number;
    final HttpClient.Lane lane;
    final Map<String, String> vars = new HashMap<>();
    final Map<String, String> cookies = new LinkedHashMap<>();
    String bearer;
    int onStartDone;
    /** The user's WebSocket (ws steps); touched on the lane's event loop. Null before a connect step. */
    dev.stampede.http.ws.WsConnection ws;

    VirtualUser(int persona, long number, HttpClient.Lane lane) {
        this.persona = persona;
        this.number = number;
        this.lane = lane;
    }

    /** The Cookie header's value, or null when the user holds none. */
    String cookieHeader() {
        if (cookies.isEmpty()) return null;
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : cookies.entrySet()) {
            if (!b.isEmpty()) b.append("; ");
            b.append(e.getKey()).append('=').append(e.getValue());
        }
        return b.toString();
    }

    /** Keeps a Set-Cookie (name and value; attributes other than Max-Age=0 ignored: one origin, one path). */
    void setCookie(String header) {
        int semi = header.indexOf(';');
        String pair = (semi < 0 ? header : header.substring(0, semi)).trim();
        int eq = pair.indexOf('=');
        if (eq <= 0) return;
        String name = pair.substring(0, eq).trim();
        String value = pair.substring(eq + 1).trim();
        boolean expire = header.toLowerCase(java.util.Locale.ROOT).contains("max-age=0");
        if (expire || value.isEmpty()) cookies.remove(name);
        else cookies.put(name, value);
    }
}
