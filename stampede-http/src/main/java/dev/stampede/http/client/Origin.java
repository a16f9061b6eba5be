package dev.stampede.http.client;

import dev.stampede.core.config.ConfigException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Scheme, host and port of a base URL, plus its path prefix. Immutable.
 *
 * @param basePath the URL's path without a trailing slash ("" for none); request paths are appended to it
 */
public record Origin(String scheme, String host, int port, String basePath) {

    /**
     * Parses {@code url} (http://host[:port][/prefix]). A malformed URL, another scheme or https (not supported by this
     * build yet) is a {@link ConfigException} naming the value, where it came from and the fix.
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
                    + "http://host:port, for example http://127.0.0.1:8000");
        }
        if (scheme.equals("https")) {
            throw new ConfigException("http.base_url '" + url + "' (from " + origin + ") uses https, which this build of stampede-http "
                    + "does not speak yet (HTTP/1.1 over plain TCP only); test the service over http:// or behind a local proxy");
        }
        if (!scheme.equals("http")) {
            throw new ConfigException("http.base_url '" + url + "' (from " + origin + ") has scheme '" + scheme + "'; use http://");
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null) {
            throw new ConfigException("http.base_url '" + url + "' (from " + origin + ") has a query or fragment; give only "
                    + "http://host:port[/prefix] and put queries in the request templates");
        }
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        while (path.endsWith("/")) path = path.substring(0, path.length() - 1);
        return new Origin(scheme, u.getHost(), u.getPort() < 0 ? 80 : u.getPort(), path);
    }

    /** The Host header's value. */
    public String hostHeader() {
        return port == 80 ? host : host + ":" + port;
    }

    @Override
    public String toString() {
        return scheme + "://" + hostHeader() + basePath;
    }
}
