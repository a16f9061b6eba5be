package dev.stampede.http.persona;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A kind of user (Locust's User class): a weight among the personas, steps run once when a user starts (log in),
 * weighted tasks, an optional CSV feeder whose rows users take in turn, and an optional wait between tasks
 * ({@code wait_time}; null: the scenario's think time or pace), and what its users do with a throttled response's
 * Retry-After ({@link RetryAfter}). Immutable.
 */
public record Persona(String name, double weight, List<Step> onStart, List<Step> tasks, Feeder feeder, WaitTime waitTime,
                      RetryAfter retryAfter) {
    public Persona {
        onStart = List.copyOf(onStart);
        tasks = List.copyOf(tasks);
        if (retryAfter == null) retryAfter = RetryAfter.IGNORE;
    }

    /** A persona that ignores Retry-After. */
    public Persona(String name, double weight, List<Step> onStart, List<Step> tasks, Feeder feeder, WaitTime waitTime) {
        this(name, weight, onStart, tasks, feeder, waitTime, RetryAfter.IGNORE);
    }

    /** A persona without a wait time of its own. */
    public Persona(String name, double weight, List<Step> onStart, List<Step> tasks, Feeder feeder) {
        this(name, weight, onStart, tasks, feeder, null);
    }

    /**
     * This persona with only the tasks that {@code include} (any tag; empty: all) and {@code exclude} (no tag) leave,
     * as Locust's --tags and --exclude-tags. Untagged tasks are dropped when {@code include} is not empty.
     */
    public Persona select(Set<String> include, Set<String> exclude) {
        List<Step> kept = new ArrayList<>();
        for (Step t : tasks) {
            boolean in = include.isEmpty() || t.tags().stream().anyMatch(include::contains);
            boolean out = t.tags().stream().anyMatch(exclude::contains);
            if (in && !out) kept.add(t);
        }
        return new Persona(name, weight, onStart, kept, feeder, waitTime, retryAfter);
    }
}
