package dev.stampede.core.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Seed 003's Locust-style overrides of the whole run's load: {@code LOAD_TEST_USERS} (users, {@code load.connections}),
 * {@code LOAD_TEST_RUN_TIME} ({@code load.duration}; a bare number is seconds, as Locust's --run-time) and
 * {@code LOAD_TEST_SPAWN_RATE} (users started per second, which becomes {@code load.ramp_up} = users / rate once the
 * users are known from any layer). {@code LOAD_TEST_HOST} is the HTTP target's base URL (its own environment). Like
 * every environment variable they sit above the config file and below the flags. Stateless.
 */
public final class LoadTestEnvironment {
    public static final String USERS = "LOAD_TEST_USERS";
    public static final String RUN_TIME = "LOAD_TEST_RUN_TIME";
    public static final String SPAWN_RATE = "LOAD_TEST_SPAWN_RATE";

    private LoadTestEnvironment() {
    }

    /** The variables that feed one setting each. */
    static Map<String, String> direct() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(USERS, "load.connections");
        m.put(RUN_TIME, "load.duration");
        return m;
    }

    /**
     * Turns {@code LOAD_TEST_SPAWN_RATE} into {@code load.ramp_up}, after the flags are in the tree (a --ramp-up flag
     * wins). Bad values are a {@link ConfigException} naming the variable and the fix.
     */
    static void applySpawnRate(ConfigTree tree, Map<String, String> env, List<ConfigBinder.Setting> flags, List<String> notes) {
        String raw = env.get(SPAWN_RATE);
        if (raw == null || raw.isBlank()) return;
        double rate;
        try {
            rate = Double.parseDouble(raw.trim());
        } catch (NumberFormatException e) {
            rate = Double.NaN;
        }
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new ConfigException(SPAWN_RATE + " '" + raw.trim() + "' (from the environment) is not a spawn rate; give the users started "
                    + "per second, a positive number such as 10");
        }
        for (ConfigBinder.Setting s : flags) {
            if (s.path().equals("load.ramp_up") && s.value() != null) {
                notes.add(SPAWN_RATE + " is ignored: " + s.origin() + " sets the ramp-up");
                return;
            }
        }
        var users = tree.root().path("load").path("connections");
        if (users.isMissingNode() || users.isNull()) {
            throw new ConfigException(SPAWN_RATE + "=" + raw.trim() + " needs the number of users to become a ramp-up (users / rate): set "
                    + USERS + " (or --connections, load.connections)");
        }
        long n;
        try {
            n = Long.parseLong(users.asText().trim());
        } catch (NumberFormatException e) {
            return; // the binder rejects load.connections itself, naming its source
        }
        if (n < 1) return;
        BigDecimal seconds = BigDecimal.valueOf(n).divide(BigDecimal.valueOf(rate), 3, java.math.RoundingMode.HALF_UP);
        Duration ramp = Duration.ofMillis(seconds.movePointRight(3).longValue());
        String text = Durations.format(ramp);
        tree.set("load.ramp_up", text, "environment " + SPAWN_RATE + " (" + n + " users / " + raw.trim() + " per second)");
        notes.add(SPAWN_RATE + "=" + raw.trim() + ": the " + n + " users start over a ramp-up of " + text + " (users / spawn rate, as Locust)");
    }
}
