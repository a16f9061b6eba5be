package dev.stampede.http;

import dev.stampede.core.config.Durations;
import dev.stampede.core.target.TargetSettings;
import dev.stampede.http.client.ClientSettings;
import dev.stampede.http.persona.Persona;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code http} section. Immutable. Base URLs carry no credentials (a token goes in a persona's headers or comes
 * from its login step), and the echo shows header names only, never values.
 *
 * @param baseUrl      the API (API_BASE_URL, LOAD_TEST_HOST); null: the reference stack, started for the run
 * @param personas     the personas (from http.personas or http.personas_file); empty: the built-in ones for the
 *                     reference stack, or a GET of {@code path} for a user's API
 * @param personaSource where the personas came from, for the echo
 * @param path         the request of the plain workload when no personas are given
 * @param tags         only tasks with one of these tags (empty: all)
 * @param excludeTags  no task with one of these tags
 * @param client       connection policy and timeouts
 * @param leakShare    reference stack: share of /api/leaky calls that leak a pooled connection
 * @param ioThreads    Netty event loops (0: one per core, at most 4)
 */
public record HttpConfig(String baseUrl, List<Persona> personas, String personaSource, String path, Set<String> tags, Set<String> excludeTags,
                         ClientSettings client, double leakShare, int ioThreads) implements TargetSettings {
    public HttpConfig {
        personas = List.copyOf(personas);
        tags = Set.copyOf(tags);
        excludeTags = Set.copyOf(excludeTags);
    }

    @Override public boolean configured() { return baseUrl != null; }

    @Override
    public Map<String, Object> echo() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("base_url", baseUrl == null ? "(reference stack, ./stampede demo)" : baseUrl);
        m.put("personas", personaSource);
        if (!tags.isEmpty()) m.put("tags", new java.util.TreeSet<>(tags));
        if (!excludeTags.isEmpty()) m.put("exclude_tags", new java.util.TreeSet<>(excludeTags));
        m.put("connection_policy", client.policy() == ClientSettings.Policy.SHARED ? "shared" : "per-user");
        if (client.policy() == ClientSettings.Policy.SHARED) m.put("connections", client.sharedConnections());
        m.put("connect_timeout", Durations.format(client.connectTimeout()));
        m.put("first_byte_timeout", Durations.format(client.firstByteTimeout()));
        m.put("total_timeout", Durations.format(client.totalTimeout()));
        m.put("redirects", client.maxRedirects());
        m.put("gzip", client.gzip());
        m.put("http_version", switch (client.protocol()) {
            case HTTP_1_1 -> "1.1";
            case HTTP_2 -> "2";
            case AUTO -> "auto";
        });
        if (client.ca() != null) m.put("ca", client.ca().toString());
        if (client.insecure()) m.put("insecure", true);
        if (baseUrl == null) m.put("leak_share", leakShare);
        return m;
    }
}
