package dev.stampede.http.client;

import dev.stampede.core.config.ConfigException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Scheme (http or https), host and port of a base URL, plus its path prefix. Immutable.
 *
 * @param basePath the URL's path without a trailing slash ("" for none); request paths are appended to it
 */
public record Origin(String scheme, String host, int port, String basePath) {

    /**
     * Parses {@code url} (http[s]://host[:port][/prefix]). A malformed URL or another scheme is a {@link ConfigException}
     * naming the value, where it came from and the fix.
     */
    public static Origin parse(String url, String origin) {
        URI u;
        try {
            u = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new ConfigException("http.base_url '" + url + "' (from " + origin + ") is not a valid URL: " + e.getReason()
                    + " at index " + e.getIndex() + "; write it as http://host:port, for example http://127.0.0.1:8000");
        }
        String scheme = u.getScheme() == null ? null : u.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null || u.getHost() == null) {
            throw new ConfigException("http.base_url '" + url + "' (from " + origin + ") has no scheme or host; write it as "
                    + "http://host:port or https://host:port, for example http://127.0.0.1:8000");
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ConfigException("http.base_url '" + url + "' (from " + origin + ") has scheme '" + scheme + "'; use http:// or https://"
                    + (scheme.startsWith("ws") ? " (WebSocket steps follow the base URL: ws:// for http://, wss:// for https://)" : ""));
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null) {
            throw new ConfigException("http.base_url '" + url + "' (from " + origin + ") has a query or fragment; give only "
                    + "http://host:port[/prefix] and put queries in the request templates");
        }
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        while (path.endsWith("/")) path = path.substring(0, path.length() - 1);
        return new Origin(scheme, u.getHost(), u.getPort() < 0 ? defaultPort(scheme) : u.getPort(), path);
    }

    static int defaultPort(String scheme) {
        return scheme.equals("https") ? 443 : 80;
    }

    /** True for https (TLS; WebSockets over wss://). */
    public boolean secure() {
        return scheme.equals("https");
    }

    /** The Host header's value (the port left out when it is the scheme's default). */
    public String hostHeader() {
        return port == defaultPort(scheme) ? host : host + ":" + port;
    }

    @Override
    public String toString() {
        return scheme + "://" + hostHeader() + basePath;
    }
}
