package dev.stampede.core.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stack's configuration sections whose target module may not be in this build yet: {@code redis},
 * {@code celery} and {@code http}, with the environment names users know from the seed suites. When a module
 * claims a section (its provider's {@code section()}), the module's own names apply and this table is not used
 * for it. An unclaimed section is still read, validated as a mapping, echoed (secrets masked) and named in a
 * note, so a seed config file that sets {@code redis_url} is understood rather than rejected or silently dropped.
 */
public final class StackSections {
    private StackSections() {
    }

    /** Section name to (environment variable to key), in documentation order. */
    public static Map<String, Map<String, String>> all() {
        Map<String, Map<String, String>> m = new LinkedHashMap<>();
        m.put("redis", ordered("REDIS_URL", "url", "REDIS_CACHE_TIMEOUT", "cache_timeout"));
        m.put("celery", ordered("CELERY_BROKER_URL", "broker_url", "CELERY_RESULT_BACKEND", "result_backend"));
        m.put("http", ordered("API_BASE_URL", "base_url", "LOAD_TEST_HOST", "base_url"));
        return m;
    }

    /** Threshold keys from seed 000 that the Redis and Celery targets judge, accepted even before they exist. */
    public static final java.util.Set<String> THRESHOLDS = java.util.Set.of("min_cache_hit_rate",
            "max_redis_memory_usage_percent", "max_celery_queue_length");

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put(pairs[i], pairs[i + 1]);
        return m;
    }
}
