package dev.stampede.core.config;

import dev.stampede.core.api.ErrorClass;
import dev.stampede.core.resilience.ResiliencePolicy;
import dev.stampede.core.resilience.RetryPolicy;
import dev.stampede.core.target.TargetProvider;
import dev.stampede.core.target.TargetRegistry;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Binds a scenario's {@code resilience:} section:
 * <pre>
 * resilience:
 *   retry:   {max_attempts: 4, initial: 100ms, multiplier: 2, jitter: 0.5, max: 5s, retry_on: [connection]}
 *   breaker: {failure_rate_percent: 50, window: 20, minimum_calls: 10, open_for: 5s, half_open_calls: 3}
 * </pre>
 * Defaults are seed 002's (4 attempts, 0.1 s doubling, no jitter; connection failures only). {@code retry_on} names
 * error classes of the engine and of the targets in this build; an unknown one fails with the known ones listed.
 * Stateless.
 */
final class ResilienceBinding {
    private ResilienceBinding() {
    }

    static ResiliencePolicy bind(ConfigSection r, TargetRegistry targets) {
        r.allowOnly(Set.of("retry", "breaker"));
        RetryPolicy retry = r.has("retry") ? retry(r.child("retry"), targets) : null;
        ResiliencePolicy.Breaker breaker = r.has("breaker") ? breaker(r.child("breaker")) : null;
        if (retry == null && breaker == null) {
            throw new ConfigException("setting '" + r.path() + "' has neither retry nor breaker; give one, for example "
                    + "retry: {max_attempts: 4, initial: 100ms}");
        }
        return new ResiliencePolicy(retry, breaker);
    }

    private static RetryPolicy retry(ConfigSection r, TargetRegistry targets) {
        r.allowOnly(Set.of("max_attempts", "initial", "multiplier", "jitter", "max", "retry_on"));
        RetryPolicy d = RetryPolicy.seed002();
        Duration initial = r.duration("initial", d.initial(), 1, true);
        Duration max = r.duration("max", d.max(), 1, false);
        if (max.compareTo(initial) < 0) throw r.bad("max", r.raw().get("max"), "at least the initial backoff (" + Durations.format(initial) + ")");
        Set<String> known = new TreeSet<>();
        for (ErrorClass e : ErrorClass.ENGINE) known.add(e.code());
        for (TargetProvider p : targets.providers()) for (ErrorClass e : p.errorClasses()) known.add(e.code());
        Set<String> on = new LinkedHashSet<>();
        for (String code : r.strings("retry_on")) {
            if (!known.contains(code)) {
                throw new ConfigException("setting '" + r.full("retry_on") + "': unknown error class '" + code + "'; known: "
                        + String.join(", ", known) + " (leave retry_on out to retry failures that never reached the target)");
            }
            on.add(code);
        }
        return new RetryPolicy(r.integer("max_attempts", d.maxAttempts(), 1, 100), initial,
                r.number("multiplier", d.multiplier(), 1, 100), r.number("jitter", d.jitter(), 0, 1), max, on);
    }

    private static ResiliencePolicy.Breaker breaker(ConfigSection r) {
        r.allowOnly(Set.of("failure_rate_percent", "window", "minimum_calls", "open_for", "half_open_calls"));
        int window = r.integer("window", 20, 1, 1_000_000);
        return new ResiliencePolicy.Breaker(r.number("failure_rate_percent", 50.0, 0.01, 100).floatValue(), window,
                r.integer("minimum_calls", Math.min(window, 10), 1, 1_000_000), r.duration("open_for", Duration.ofSeconds(5), 1, false),
                r.integer("half_open_calls", 3, 1, 1000));
    }

}
