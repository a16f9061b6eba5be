package dev.stampede.redis;

import dev.stampede.core.api.ErrorClass;
import dev.stampede.core.api.Outcome;
import dev.stampede.core.api.TargetUnreachableException;
import dev.stampede.core.config.ConfigException;
import dev.stampede.core.util.Secrets;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;

import java.util.List;
import java.util.Locale;

/**
 * Turns what Lettuce throws into Stampede's language: at connect time a one-line {@link ConfigException} (exit 2:
 * wrong password, database index out of range, TLS against a plain port, a cluster node used as standalone, a
 * read-only replica) or {@link TargetUnreachableException} (exit 3: nothing listens, the server is loading); during
 * the load an {@link Outcome} with a Redis error class. Every message names the problem and the fix, no password.
 * Stateless.
 */
public final class RedisErrors {
    public static final ErrorClass CONNECTION = new ErrorClass("redis-connection", "Redis connection lost or refused", true);
    public static final ErrorClass TIMEOUT = new ErrorClass("redis-timeout", "Redis command timed out (client-side timeout)", false);
    public static final ErrorClass MOVED = new ErrorClass("redis-moved", "MOVED/ASK: key lives on another cluster node", false);
    public static final ErrorClass READONLY = new ErrorClass("redis-readonly", "READONLY: write sent to a replica", false);
    public static final ErrorClass LOADING = new ErrorClass("redis-loading", "LOADING: the server is loading its dataset", false);
    public static final ErrorClass OOM = new ErrorClass("redis-oom", "OOM: maxmemory reached with a noeviction policy", false);
    public static final ErrorClass AUTH = new ErrorClass("redis-auth", "NOAUTH/WRONGPASS/NOPERM: credentials or ACL", false);
    public static final ErrorClass ERROR = new ErrorClass("redis-error", "other Redis error reply (ERR, WRONGTYPE...)", false);
    /** cache-aside's miss path or write: the database query failed. */
    public static final ErrorClass DATABASE = new ErrorClass("cache-db", "cache-aside: the PostgreSQL query behind the cache failed", false);

    public static final List<ErrorClass> ALL = List.of(CONNECTION, TIMEOUT, MOVED, READONLY, LOADING, OOM, AUTH, ERROR, DATABASE);

    private RedisErrors() {
    }

    /** How a failed command ends an attempt: failed for an error reply, unknown when we cannot tell what happened. */
    public static Outcome outcome(Throwable t) {
        Throwable e = unwrap(t);
        String msg = Secrets.redact(String.valueOf(e.getMessage()));
        if (e instanceof RedisCommandTimeoutException) return Outcome.unknown(TIMEOUT, msg);
        if (e instanceof RedisCommandExecutionException) return Outcome.failed(replyClass(msg), msg);
        if (e instanceof RedisConnectionException || e instanceof java.io.IOException
                || e instanceof io.lettuce.core.RedisException && msg.toLowerCase(Locale.ROOT).contains("connection")) {
            return Outcome.unknown(CONNECTION, msg);
        }
        return Outcome.failed(ERROR, e.getClass().getSimpleName() + ": " + msg);
    }

    static ErrorClass replyClass(String msg) {
        String m = msg == null ? "" : msg;
        if (m.startsWith("MOVED") || m.startsWith("ASK") || m.startsWith("CROSSSLOT")) return MOVED;
        if (m.startsWith("READONLY")) return READONLY;
        if (m.startsWith("LOADING")) return LOADING;
        if (m.startsWith("OOM")) return OOM;
        if (m.startsWith("NOAUTH") || m.startsWith("WRONGPASS") || m.startsWith("NOPERM")) return AUTH;
        return ERROR;
    }

    static Throwable unwrap(Throwable t) {
        Throwable e = t;
        while ((e instanceof java.util.concurrent.ExecutionException || e instanceof java.util.concurrent.CompletionException)
                && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /**
     * The connect-time failure as the exception the CLI maps to an exit code: a refusal of our configuration is a
     * {@link ConfigException} (2), a server that cannot be reached or is not ready a {@link TargetUnreachableException} (3).
     */
    public static Exception atConnect(Throwable t, RedisUrl url) {
        String where = url.redacted();
        StringBuilder chain = new StringBuilder();
        for (Throwable e = t; e != null; e = e.getCause()) {
            chain.append(e.getClass().getSimpleName()).append(": ").append(e.getMessage()).append(" | ");
            if (e.getCause() == e) break;
        }
        String all = Secrets.redact(chain.toString());
        String lower = all.toLowerCase(Locale.ROOT);
        if (all.contains("WRONGPASS") || lower.contains("invalid username-password")) {
            return new ConfigException("Redis at " + where + " refused the credentials (WRONGPASS): the user name or password is wrong; "
                    + "fix the user:password part of REDIS_URL (an ACL user needs 'on' and a password set with ACL SETUSER)");
        }
        if (all.contains("NOAUTH")) {
            return new ConfigException("Redis at " + where + " requires a password (NOAUTH); put it in REDIS_URL: redis://:PASSWORD@host:port/db "
                    + "or redis://USER:PASSWORD@host:port/db");
        }
        if (all.contains("NOPERM")) {
            return new ConfigException("Redis at " + where + " accepted the user but its ACL forbids a command Stampede needs (NOPERM); grant "
                    + "+@all (or at least +@read +@write +@keyspace +info +slowlog +memory) on keys " + "matching the key prefix");
        }
        if (lower.contains("db index is out of range") || lower.contains("invalid db index")) {
            return new ConfigException("Redis at " + where + " has no database " + url.database() + " (ERR DB index is out of range); use a "
                    + "database index below the server's 'databases' setting (16 by default), for example redis://host:6379/1");
        }
        if (lower.contains("notsslrecord") || lower.contains("not an ssl/tls record") || lower.contains("sslhandshake")
                || lower.contains("ssl") && url.tls()) {
            return new ConfigException("TLS handshake with " + where + " failed: the port does not speak TLS (rediss:// against a plain "
                    + "port?); use redis:// for a plain port, or point rediss:// at the server's tls-port");
        }
        if (url.tls() && (lower.contains("initialization timed out") || lower.contains("handshake") || lower.contains("closed"))) {
            return new ConfigException("TLS handshake with " + where + " did not complete (" + firstLine(t) + "): the port does not speak "
                    + "TLS (rediss:// against a plain port?); use redis:// for a plain port, or point rediss:// at the server's tls-port");
        }
        if (!url.tls() && (lower.contains("closed prematurely") || lower.contains("connection reset") || lower.contains("closedchannel"))) {
            return new ConfigException("Redis at " + where + " closed the connection during the plain-text handshake (" + firstLine(t)
                    + "): is this a TLS port? Use rediss:// for a tls-port");
        }
        if (lower.contains("loading")) {
            return new TargetUnreachableException("Redis at " + where + " is loading its dataset into memory (LOADING) and answers no "
                    + "commands yet; wait until INFO persistence shows loading:0 and run again", t);
        }
        if (lower.contains("connection refused") || lower.contains("unable to connect") || lower.contains("connecttimeout")
                || lower.contains("connection timed out") || lower.contains("no route to host") || lower.contains("unknownhost")) {
            String hint = url.tls() ? "" : "; if the server only accepts TLS, use rediss://";
            return new TargetUnreachableException("cannot reach Redis at " + where + ": " + firstLine(t)
                    + "; check that redis-server is running and the host and port in REDIS_URL" + hint, t);
        }
        if (!url.tls() && (lower.contains("connection reset") || lower.contains("closed") || lower.contains("timed out")
                || lower.contains("timeout"))) {
            return new TargetUnreachableException("Redis at " + where + " closed or never answered the plain-text handshake: "
                    + firstLine(t) + "; if this is a TLS port, use rediss://", t);
        }
        return new TargetUnreachableException("cannot use Redis at " + where + ": " + firstLine(t)
                + "; check REDIS_URL and that the server answers PING", t);
    }

    private static String firstLine(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return Secrets.redact(m.lines().findFirst().orElse(m));
    }
}
