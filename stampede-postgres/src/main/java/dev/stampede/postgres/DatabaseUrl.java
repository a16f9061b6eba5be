package dev.stampede.postgres;

import dev.stampede.core.config.ConfigException;
import dev.stampede.core.util.Secrets;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed PostgreSQL address. Accepts libpq/SQLAlchemy style {@code postgresql://user:pass@host:port/db?sslmode=require}
 * (also {@code postgres://} and {@code postgresql+psycopg2://}) and pgjdbc's {@code jdbc:postgresql://host:port/db?user=..&password=..}.
 * The password is registered with {@link Secrets} on parsing and never appears in {@link #toString()}.
 * Immutable.
 */
public final class DatabaseUrl {
    private static final Pattern URL = Pattern.compile(
            "^(?:jdbc:)?postgres(?:ql)?(?:\\+[a-z0-9]+)?://(?:([^:@/]*)(?::([^@/]*))?@)?([^/?#]*)(?:/([^?#]*))?(?:\\?([^#]*))?$",
            Pattern.CASE_INSENSITIVE);

    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final String password;
    private final Map<String, String> params;

    private DatabaseUrl(String host, int port, String database, String user, String password, Map<String, String> params) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
        this.params = Map.copyOf(params);
    }

    /**
     * @param origin where the text came from, for the error message ("environment DATABASE_URL")
     * @throws ConfigException naming the problem and showing the accepted form, with any password masked
     */
    public static DatabaseUrl parse(String text, String origin) {
        String t = text.trim();
        Matcher m = URL.matcher(t);
        if (!m.matches()) {
            throw new ConfigException("the database URL '" + Secrets.redact(t) + "' (from " + origin + ") is not a PostgreSQL URL; "
                    + "write it as postgresql://user@host:5432/dbname, with :password after the user if one is needed "
                    + "(or jdbc:postgresql://host:5432/dbname)");
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (m.group(5) != null && !m.group(5).isEmpty()) {
            for (String kv : m.group(5).split("&")) {
                if (kv.isEmpty()) continue;
                int eq = kv.indexOf('=');
                String k = decode(eq < 0 ? kv : kv.substring(0, eq));
                String v = eq < 0 ? "" : decode(kv.substring(eq + 1));
                params.put(k, v);
            }
        }
        String user = m.group(1) != null && !m.group(1).isEmpty() ? decode(m.group(1)) : params.remove("user");
        String password = m.group(2) != null ? decode(m.group(2)) : params.remove("password");
        params.remove("user");
        params.remove("password");
        Secrets.register(password);
        if (m.group(2) != null) Secrets.register(m.group(2));
        String hostPort = m.group(3);
        String host;
        int port = 5432;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) throw bad(t, origin, "the IPv6 host is missing its closing ']'");
            host = hostPort.substring(0, close + 1);
            String rest = hostPort.substring(close + 1);
            if (rest.startsWith(":")) port = port(rest.substring(1), t, origin);
        } else if (hostPort.contains(",")) {
            throw bad(t, origin, "several hosts are not supported; name one host");
        } else {
            int colon = hostPort.lastIndexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            if (colon >= 0) port = port(hostPort.substring(colon + 1), t, origin);
        }
        if (host.isEmpty()) host = "localhost";
        String db = m.group(4) == null || m.group(4).isEmpty() ? (user != null ? user : "postgres") : decode(m.group(4));
        return new DatabaseUrl(host, port, db, user, password, params);
    }

    private static int port(String p, String t, String origin) {
        try {
            int port = Integer.parseInt(p);
            if (port < 1 || port > 65535) throw new NumberFormatException();
            return port;
        } catch (NumberFormatException e) {
            throw bad(t, origin, "the port '" + p + "' is not a number from 1 to 65535");
        }
    }

    private static ConfigException bad(String t, String origin, String why) {
        return new ConfigException("the database URL '" + Secrets.redact(t) + "' (from " + origin + ") is malformed: " + why
                + "; write it as postgresql://user@host:5432/dbname, with :password after the user if one is needed");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** pgjdbc URL without credentials; query parameters other than user/password are kept (sslmode...). */
    public String jdbcUrl() {
        StringBuilder b = new StringBuilder("jdbc:postgresql://").append(host).append(':').append(port).append('/')
                .append(java.net.URLEncoder.encode(database, StandardCharsets.UTF_8));
        char sep = '?';
        for (var e : params.entrySet()) {
            b.append(sep).append(java.net.URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(java.net.URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        return b.toString();
    }

    /** The same server and credentials, another database (a scratch database Stampede creates). */
    public DatabaseUrl withDatabase(String otherDatabase) {
        return new DatabaseUrl(host, port, otherDatabase, user, password, params);
    }

    /** The same database and credentials at another address (a fault proxy in front of the server). */
    public DatabaseUrl withAddress(String otherHost, int otherPort) {
        return new DatabaseUrl(otherHost, otherPort, database, user, password, params);
    }

    public String host() { return host; }
    public int port() { return port; }
    public String database() { return database; }
    /** The user name, or null to let the driver choose (the OS user). */
    public String user() { return user; }
    /** The password, or null. Never print it. */
    public String password() { return password; }
    public Map<String, String> params() { return params; }

    /** Safe to print: {@code postgresql://user:****@host:port/db}. */
    public String redacted() {
        return "postgresql://" + (user != null ? user + (password != null ? ":" + Secrets.MASK : "") + "@" : "")
                + host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return redacted();
    }
}
