package dev.stampede.celery;

import dev.stampede.core.config.ConfigException;
import dev.stampede.core.util.Secrets;
import dev.stampede.redis.RedisUrl;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A parsed CELERY_BROKER_URL: {@code redis://} / {@code rediss://} (through {@link RedisUrl}) or
 * {@code amqp://user:password@host:5672/vhost} / {@code amqps://}. The password is registered with {@link Secrets}
 * at once. Immutable.
 *
 * @param redis    the Redis form, or null for AMQP
 * @param amqpUri  the AMQP form with credentials (never print it), or null for Redis
 * @param redacted the address with the password masked
 */
public record BrokerUrl(RedisUrl redis, URI amqpUri, String user, String password, String vhost, String redacted) {

    public boolean isRedis() { return redis != null; }

    /**
     * Parses {@code url}; {@code variable} names it in messages (CELERY_BROKER_URL), {@code origin} where it was set.
     *
     * @throws ConfigException naming the problem and the accepted forms, without the password
     */
    public static BrokerUrl parse(String url, String variable, String origin) {
        String t = url.trim();
        String scheme = t.contains("://") ? t.substring(0, t.indexOf("://")).toLowerCase(Locale.ROOT) : "";
        switch (scheme) {
            case "redis", "rediss" -> {
                RedisUrl r;
                try {
                    r = RedisUrl.parse(t, origin);
                } catch (ConfigException e) {
                    throw new ConfigException(e.getMessage().replace("REDIS_URL", variable));
                }
                return new BrokerUrl(r, null, null, null, null, r.redacted());
            }
            case "amqp", "amqps", "pyamqp" -> {
                String normal = scheme.equals("pyamqp") ? "amqp" + t.substring(t.indexOf("://")) : t;
                URI u;
                try {
                    u = new URI(normal);
                } catch (java.net.URISyntaxException e) {
                    throw new ConfigException(variable + " '" + Secrets.redact(t) + "' (from " + origin + ") cannot be parsed: "
                            + Secrets.redact(e.getMessage()) + "; use amqp://user:password@host:5672/vhost");
                }
                String user = "guest", pass = "guest";
                if (u.getRawUserInfo() != null) {
                    String[] ui = u.getRawUserInfo().split(":", 2);
                    user = decode(ui[0]);
                    if (ui.length > 1) {
                        pass = decode(ui[1]);
                        Secrets.register(pass);
                        Secrets.register(ui[1]);
                    }
                }
                if (u.getHost() == null) {
                    throw new ConfigException(variable + " '" + Secrets.redact(t) + "' (from " + origin + ") has no host; use "
                            + "amqp://user:password@host:5672/vhost");
                }
                String path = u.getRawPath() == null || u.getRawPath().isEmpty() || u.getRawPath().equals("/") ? "/" : decode(u.getRawPath().substring(1));
                int port = u.getPort() > 0 ? u.getPort() : scheme.equals("amqps") ? 5671 : 5672;
                String shown = (scheme.equals("amqps") ? "amqps" : "amqp") + "://" + user + (u.getRawUserInfo() != null && u.getRawUserInfo().contains(":")
                        ? ":" + Secrets.MASK : "") + "@" + u.getHost() + ":" + port + "/" + (path.equals("/") ? "" : path);
                URI clean;
                try {
                    clean = new URI(scheme.equals("amqps") ? "amqps" : "amqp", null, u.getHost(), port, null, null, null);
                } catch (java.net.URISyntaxException e) {
                    throw new ConfigException(variable + " '" + Secrets.redact(t) + "' (from " + origin + ") cannot be parsed");
                }
                return new BrokerUrl(null, clean, user, pass, path, shown);
            }
            default -> throw new ConfigException(variable + " '" + Secrets.redact(t) + "' (from " + origin + ") is not a broker URL Stampede "
                    + "speaks; use redis://[user:password@]host:6379/db or amqp://user:password@host:5672/vhost");
        }
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    @Override public String toString() { return redacted; }
}
