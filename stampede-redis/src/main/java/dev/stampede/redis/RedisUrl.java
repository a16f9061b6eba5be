package dev.stampede.redis;

import dev.stampede.core.config.ConfigException;
import dev.stampede.core.util.Secrets;
import io.lettuce.core.RedisURI;

import java.util.Locale;

/**
 * A parsed, validated REDIS_URL: {@code redis://[user[:password]@]host[:port][/db]}, {@code rediss://} for TLS,
 * {@code redis-sentinel://host:26379[,host2:26379]/db#master} for Sentinel. The password is registered with
 * {@link Secrets} at once, so it is masked in every later message. Immutable.
 */
public final class RedisUrl {
    private final RedisURI uri;
    private final String redacted;

    private RedisUrl(RedisURI uri, String redacted) {
        this.uri = uri;
        this.redacted = redacted;
    }

    /**
     * Parses {@code url}; {@code origin} says where it came from (environment REDIS_URL, config file...).
     *
     * @throws ConfigException naming the problem and an accepted form, without the password
     */
    public static RedisUrl parse(String url, String origin) {
        String trimmed = url.trim();
        String scheme = trimmed.contains("://") ? trimmed.substring(0, trimmed.indexOf("://")).toLowerCase(Locale.ROOT) : "";
        if (!scheme.equals("redis") && !scheme.equals("rediss") && !scheme.equals("redis-sentinel") && !scheme.equals("rediss-sentinel")) {
            throw new ConfigException("REDIS_URL '" + Secrets.redact(trimmed) + "' (from " + origin + ") is not a Redis URL; use "
                    + "redis://[user:password@]host:port/db, rediss://... for TLS, or redis-sentinel://host:26379/db#master");
        }
        String afterAt = trimmed.substring(trimmed.indexOf("://") + 3);
        int at = afterAt.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = afterAt.substring(0, at);
            int colon = userInfo.indexOf(':');
            if (colon >= 0) Secrets.register(decode(userInfo.substring(colon + 1)));
        }
        if (scheme.contains("sentinel") && !trimmed.contains("#")) {
            throw new ConfigException("REDIS_URL '" + Secrets.redact(trimmed) + "' (from " + origin + ") is a Sentinel URL without the "
                    + "master's name; add it after '#': redis-sentinel://host:26379/0#mymaster");
        }
        RedisURI uri;
        try {
            uri = RedisURI.create(trimmed);
        } catch (RuntimeException e) {
            throw new ConfigException("REDIS_URL '" + Secrets.redact(trimmed) + "' (from " + origin + ") cannot be parsed: "
                    + Secrets.redact(e.getMessage()) + "; use redis://[user:password@]host:port/db");
        }
        if (uri.getDatabase() < 0) {
            throw new ConfigException("REDIS_URL '" + Secrets.redact(trimmed) + "' (from " + origin + ") names database "
                    + uri.getDatabase() + "; the index must be 0 or more (redis://host:6379/1)");
        }
        if (scheme.contains("sentinel") && (uri.getSentinelMasterId() == null || uri.getSentinelMasterId().isBlank())) {
            throw new ConfigException("REDIS_URL '" + Secrets.redact(trimmed) + "' (from " + origin + ") is a Sentinel URL without the "
                    + "master's name; add it after '#': redis-sentinel://host:26379/0#mymaster");
        }
        return new RedisUrl(uri, redact(uri, scheme));
    }

    private static String decode(String s) {
        try {
            return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    private static String redact(RedisURI uri, String scheme) {
        StringBuilder b = new StringBuilder(scheme).append("://");
        if (uri.getUsername() != null) b.append(uri.getUsername());
        if (uri.getCredentialsProvider() != null && hasPassword(uri)) b.append(":").append(Secrets.MASK);
        if (uri.getUsername() != null || hasPassword(uri)) b.append('@');
        if (!uri.getSentinels().isEmpty()) {
            StringBuilder hosts = new StringBuilder();
            for (RedisURI s : uri.getSentinels()) {
                if (!hosts.isEmpty()) hosts.append(',');
                hosts.append(s.getHost()).append(':').append(s.getPort());
            }
            b.append(hosts).append('/').append(uri.getDatabase()).append('#').append(uri.getSentinelMasterId());
        } else {
            b.append(uri.getHost()).append(':').append(uri.getPort()).append('/').append(uri.getDatabase());
        }
        return b.toString();
    }

    @SuppressWarnings("deprecation")
    private static boolean hasPassword(RedisURI uri) {
        char[] p = uri.getPassword();
        return p != null && p.length > 0;
    }

    /**
     * This URL with its server at {@code host:port} instead (a fault proxy in front of it): same credentials, database,
     * TLS and timeout. Standalone URLs only (a Sentinel or cluster answer names the real servers).
     */
    /**
     * Whether a TCP proxy can stand in for this server's address: not for Sentinel (its answers name the real
     * servers) and not for TLS (Lettuce checks the certificate against the address it connects to, which would be the
     * proxy's 127.0.0.1). A target whose URL is not routable does not ask for a fault route, so a network fault on it
     * is refused before the run.
     */
    public boolean routable() { return !sentinel() && !uri.isSsl(); }

    public RedisUrl withAddress(String host, int port) {
        if (sentinel()) throw new IllegalStateException("a Sentinel URL cannot be moved to another address");
        RedisURI moved = RedisURI.builder(uri).withHost(host).withPort(port).build();
        if (uri.getTimeout() != null) moved.setTimeout(uri.getTimeout());
        return new RedisUrl(moved, redact(moved, uri.isSsl() ? "rediss" : "redis"));
    }

    /** Lettuce's form, with the credentials; never print it. */
    public RedisURI uri() { return uri; }

    /** The address with the password masked: {@code redis://alice:****@host:6379/1}. */
    public String redacted() { return redacted; }

    public boolean tls() { return uri.isSsl(); }

    public boolean sentinel() { return !uri.getSentinels().isEmpty(); }

    public int database() { return uri.getDatabase(); }

    @Override public String toString() { return redacted; }
}
