package dev.stampede.core.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The run's routes to its targets: for each target section that a selected scenario puts faults on, a
 * {@link FaultProxy} in front of every server address the target connects its load to, and the target's own
 * server-side {@link FaultInjector}; every other section connects directly. A target asks {@link #route} for each
 * address its load connections use (its monitoring connections stay direct, so the server's own view goes on through
 * a network fault) and registers its server-side faults with {@link #serverFaults}. The session then gets one
 * {@link #injector} per section for the {@link FaultDriver}.
 *
 * <p>Why one proxy per address for the whole run, not per scenario: targets open their clients once per run (the
 * pool per scenario, but on the same address), and a proxy costs one thread whatever its connections.
 *
 * <p>Thread-safety: all methods may be called from any thread.
 */
public final class FaultRoutes implements AutoCloseable {

    /** Where a target connects: the server itself, or a proxy on 127.0.0.1. */
    public record Route(String host, int port, boolean proxied) {
    }

    private final Set<String> faulted;
    private final Map<String, List<FaultProxy>> proxies = new LinkedHashMap<>();
    private final Map<String, FaultInjector> server = new ConcurrentHashMap<>();

    /** @param faulted the target sections (for example {@code database}) that some scenario of the run puts faults on */
    public FaultRoutes(Set<String> faulted) {
        this.faulted = Set.copyOf(faulted);
    }

    /** Routes with no faults: every target connects directly. */
    public static FaultRoutes direct() {
        return new FaultRoutes(Set.of());
    }

    /** True when a scenario of this run puts faults on {@code section}. */
    public boolean faulted(String section) {
        return faulted.contains(section);
    }

    /**
     * Where {@code section}'s load connections to {@code host:port} should go: unchanged when the section has no
     * faults, else a proxy (started on first use, one per address) on 127.0.0.1.
     *
     * @throws UncheckedIOException when no local port could be bound for the proxy
     */
    public synchronized Route route(String section, String host, int port) {
        if (!faulted.contains(section)) return new Route(host, port, false);
        List<FaultProxy> list = proxies.computeIfAbsent(section, k -> new ArrayList<>());
        for (FaultProxy p : list) {
            if (p.upstream().getHostString().equals(host) && p.upstream().getPort() == port) return proxied(p);
        }
        try {
            FaultProxy p = FaultProxy.start(section, new java.net.InetSocketAddress(host, port));
            list.add(p);
            return proxied(p);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the fault proxy for " + section + " on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    private static Route proxied(FaultProxy p) {
        return new Route(p.address().getAddress().getHostAddress(), p.address().getPort(), true);
    }

    /** Registers {@code section}'s server-side faults ({@link Fault.Server}); a target does it when it opens. */
    public void serverFaults(String section, FaultInjector injector) {
        server.put(section, injector);
    }

    /** The proxies in front of {@code section}, in the order they were started. */
    public synchronized List<FaultProxy> proxies(String section) {
        return List.copyOf(proxies.getOrDefault(section, List.of()));
    }

    /**
     * What {@code window} cannot be applied with, or null when it can: a network fault on a section whose target
     * never routed a connection through {@link #route} (its module does not support network faults yet), or a
     * server fault on a section that registered none.
     */
    public synchronized String unsupported(FaultWindow window) {
        if (window.fault() instanceof Fault.Server s) {
            FaultInjector inj = server.get(window.target());
            return inj != null ? inj.cannotApply(s)
                    : "the " + window.target() + " target offers no server-side fault '" + s.kind() + "' on this server";
        }
        return proxies.containsKey(window.target()) ? null
                : "the " + window.target() + " target does not route its connections through Stampede's fault proxy, so network "
                + "faults cannot be put on it yet";
    }

    /**
     * The injector for {@code section}: network faults go to each of its proxies, server faults to the target's own
     * injector. Calls return once every proxy (or the server) applied the change.
     */
    public FaultInjector injector(String section) {
        return new FaultInjector() {
            @Override
            public void add(Fault fault) throws InterruptedException {
                if (fault instanceof Fault.Server) {
                    FaultInjector s = server.get(section);
                    if (s == null) throw new IllegalStateException("no server-side faults registered for " + section);
                    s.add(fault);
                } else {
                    for (FaultProxy p : proxies(section)) p.add(fault);
                }
            }

            @Override
            public void remove(Fault fault) throws InterruptedException {
                if (fault instanceof Fault.Server) {
                    FaultInjector s = server.get(section);
                    if (s != null) s.remove(fault);
                } else {
                    for (FaultProxy p : proxies(section)) p.remove(fault);
                }
            }
        };
    }

    /** Stops every proxy. */
    @Override
    public synchronized void close() {
        for (List<FaultProxy> list : proxies.values()) for (FaultProxy p : list) p.close();
        proxies.clear();
    }
}
