package dev.stampede.core.fault;

import java.time.Duration;

/**
 * A network fault the {@link FaultProxy} applies while it is active. Several may be active at once: latencies add
 * up, the lowest bandwidth wins, and any blackhole, refusal or reset applies. Immutable values; equality is by
 * value, so the same fault can be removed by an equal instance.
 */
public sealed interface Fault {

    /** Which way the bytes a fault acts on travel. */
    enum Direction {
        /** Client to server (requests). */
        UPSTREAM,
        /** Server to client (responses). */
        DOWNSTREAM,
        BOTH;

        boolean covers(boolean upstream) {
            return this == BOTH || (this == UPSTREAM) == upstream;
        }
    }

    /** The name used in configuration and reports: {@code latency}, {@code blackhole}... */
    String kind();

    /**
     * Every chunk of bytes is held {@code delay} plus a uniform random {@code ±jitter} before it is passed on, in
     * order (a later chunk never overtakes an earlier one).
     */
    record Latency(Duration delay, Duration jitter, Direction direction) implements Fault {
        public Latency {
            if (delay.isNegative() || jitter.isNegative()) throw new IllegalArgumentException("latency and jitter must not be negative");
            if (jitter.compareTo(delay) > 0) throw new IllegalArgumentException("jitter " + jitter + " is larger than the latency " + delay);
        }

        @Override public String kind() { return "latency"; }
    }

    /** At most {@code bytesPerSecond} per connection and direction. */
    record Bandwidth(long bytesPerSecond, Direction direction) implements Fault {
        public Bandwidth {
            if (bytesPerSecond < 1) throw new IllegalArgumentException("bandwidth must be at least 1 byte per second");
        }

        @Override public String kind() { return "bandwidth"; }
    }

    /**
     * Connections are accepted by the kernel but nothing passes either way (new connections are not even taken
     * from the backlog): a network partition as a client sees it, where every read waits.
     */
    record Blackhole() implements Fault {
        @Override public String kind() { return "blackhole"; }
    }

    /** New connections are refused (the port stops listening); open ones go on. */
    record Refuse() implements Fault {
        @Override public String kind() { return "refuse"; }
    }

    /** Every open connection is reset (TCP RST to both sides) when it starts, and so is every new one while active. */
    record Reset() implements Fault {
        @Override public String kind() { return "reset"; }
    }

    /** Each connection is closed once {@code bytes} more bytes have passed downstream while the fault is active. */
    record CloseAfter(long bytes) implements Fault {
        public CloseAfter {
            if (bytes < 0) throw new IllegalArgumentException("bytes must not be negative");
        }

        @Override public String kind() { return "close-after"; }
    }

    /**
     * A fault the target's own server applies, not the proxy: for PostgreSQL terminating Stampede's backends, holding
     * a lock on its tables, restarting the embedded server. {@code kind} is one the target's provider declares
     * ({@link dev.stampede.core.target.TargetProvider#serverFaults()}), {@code params} its settings as written.
     * The {@link FaultProxy} ignores it; the target's {@link FaultInjector} applies it.
     */
    record Server(String kind, java.util.Map<String, String> params) implements Fault {
        public Server {
            params = java.util.Map.copyOf(params);
        }
    }
}
