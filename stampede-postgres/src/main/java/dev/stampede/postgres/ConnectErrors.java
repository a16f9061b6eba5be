package dev.stampede.postgres;

import dev.stampede.core.api.TargetUnreachableException;
import dev.stampede.core.config.ConfigException;
import dev.stampede.core.util.Secrets;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;

/**
 * Turns a failure to open the first connection into one clear message that names the problem and the
 * fix: a configuration problem (wrong password, no such database) becomes a {@link ConfigException};
 * a server that cannot be reached becomes a {@link TargetUnreachableException}. No secret in either.
 */
final class ConnectErrors {
    private ConnectErrors() {
    }

    static RuntimeException configProblem(SQLException e, DatabaseUrl url) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("28")) {
            return new ConfigException("PostgreSQL at " + url.host() + ":" + url.port() + " refused the credentials of user '"
                    + url.user() + "' (" + SqlStates.message(e) + "); check the user and password in DATABASE_URL "
                    + "(or database.url)");
        }
        if (state.equals("3D000")) {
            return new ConfigException("database '" + url.database() + "' does not exist on " + url.host() + ":" + url.port()
                    + "; create it (createdb " + url.database() + ") or fix the database name in DATABASE_URL");
        }
        return null;
    }

    static TargetUnreachableException unreachable(SQLException e, DatabaseUrl url) {
        String where = url.host() + ":" + url.port();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String msg;
        if (root instanceof UnknownHostException) {
            msg = "the database host '" + url.host() + "' cannot be resolved; check the host name in DATABASE_URL";
        } else if (root instanceof ConnectException || root instanceof NoRouteToHostException) {
            msg = "nothing accepts connections at " + where + " (" + root.getMessage() + "); check that the host and port "
                    + "in DATABASE_URL are correct and that PostgreSQL is running and accepting TCP/IP connections";
        } else if (root instanceof SocketTimeoutException) {
            msg = "connecting to " + where + " timed out; check the host, port and any firewall between here and there";
        } else if (state.equals("53300")) {
            msg = "PostgreSQL at " + where + " has no connection slot left (too many clients); close other sessions or "
                    + "raise max_connections";
        } else if (state.equals("57P03")) {
            msg = "PostgreSQL at " + where + " is starting up or shutting down; wait and run again";
        } else {
            msg = "cannot connect to PostgreSQL at " + where + ": " + SqlStates.message(e);
        }
        return new TargetUnreachableException(Secrets.redact(msg), e);
    }
}
