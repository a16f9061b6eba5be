package dev.stampede.postgres.wire;

import java.time.Duration;
import java.util.Map;

/**
 * Where and as whom the wire client connects. Immutable. {@link #toString()} never shows the password.
 *
 * @param password       null when the server should not ask for one (trust)
 * @param startup        extra StartupMessage parameters after user and database (application_name, options, ...)
 * @param connectTimeout bound on TCP connect, authentication and the first ReadyForQuery together
 */
public record WireSettings(String host, int port, String database, String user, String password,
                           Map<String, String> startup, Duration connectTimeout) {
    public WireSettings {
        startup = Map.copyOf(startup);
        if (user == null || user.isEmpty()) throw new IllegalArgumentException("the wire driver needs a user name in the URL");
    }

    /** host:port. */
    public String address() { return host + ":" + port; }

    @Override
    public String toString() {
        return "WireSettings[" + user + (password == null ? "" : ":****") + "@" + address() + "/" + database + "]";
    }
}
