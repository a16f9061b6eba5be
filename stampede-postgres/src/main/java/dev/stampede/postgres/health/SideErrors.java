package dev.stampede.postgres.health;

import dev.stampede.core.util.Secrets;
import dev.stampede.postgres.PgTarget;

import java.net.SocketTimeoutException;
import java.sql.SQLException;

/**
 * One-line descriptions of why a monitoring query failed, naming which of
 * {@link PgTarget#MONITORING}'s bounds stopped it, so a report says "the table was locked" or "the
 * server did not answer" instead of a driver message. Passwords are redacted. Stateless.
 */
final class SideErrors {
    private SideErrors() {
    }

    static String describe(Exception e) {
        PgTarget.SideTimeouts t = PgTarget.MONITORING;
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SocketTimeoutException) {
                return "the server did not answer within " + t.socket().toSeconds() + " s (socket timeout of Stampede's "
                        + "monitoring); it may be frozen or overloaded";
            }
        }
        String state = e instanceof SQLException s && s.getSQLState() != null ? s.getSQLState() : "";
        String first = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
        String why = switch (state) {
            case "55P03" -> "waited more than " + t.lock().toMillis() / 1000.0 + " s for a lock another session holds "
                    + "(lock_timeout of Stampede's monitoring): ";
            case "57014" -> "ran longer than " + t.statement().toSeconds() + " s (statement_timeout of Stampede's "
                    + "monitoring): ";
            default -> "";
        };
        return Secrets.redact(why + first);
    }
}
