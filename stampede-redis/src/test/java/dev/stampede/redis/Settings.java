package dev.stampede.redis;

import dev.stampede.core.config.ConfigBinder;
import dev.stampede.core.target.TargetRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Binds the {@code redis} section the way the CLI does: environment first, then dotted --set settings. */
final class Settings {
    static final TargetRegistry REGISTRY = new TargetRegistry(List.of(new RedisTargetProvider()));

    private Settings() {
    }

    static RedisConfig bind(Map<String, String> env, String... keyValues) {
        List<ConfigBinder.Setting> flags = new ArrayList<>();
        for (int i = 0; i < keyValues.length; i += 2) flags.add(new ConfigBinder.Setting("redis." + keyValues[i], keyValues[i + 1], "--set"));
        return (RedisConfig) ConfigBinder.load(null, env, flags, REGISTRY).targets().get("redis");
    }

    static RedisConfig bind(String... keyValues) {
        return bind(Map.of(), keyValues);
    }
}
