package dev.stampede.core.fault;

import dev.stampede.core.engine.NanoClock;
import dev.stampede.core.engine.PhaseListener;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.metrics.IntervalRow;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One scenario's faults in a run: a {@link PhaseListener} that starts a {@link FaultDriver} on its own thread when the
 * first recorded phase starts (the zero of the windows' offsets), and, when the scenario is over ({@link #close}),
 * stops it, which lifts whatever is still in force. {@link #timeline} then turns the driver's events, the proxies'
 * counters and the run's series into the report's {@link FaultTimeline}.
 *
 * <p>Thread-safety: the listener methods run on the engine's thread, {@link #close} and {@link #timeline} on the
 * session's, after the engine returned.
 */
public final class FaultSchedule implements PhaseListener, AutoCloseable {
    private final List<FaultWindow> windows;
    private final FaultRoutes routes;
    private final NanoClock clock;
    private final Map<FaultProxy, long[]> before = new LinkedHashMap<>();
    private volatile long scenarioStart;
    private volatile FaultDriver driver;
    private volatile long driverStart;
    private Thread thread;

    public FaultSchedule(List<FaultWindow> windows, FaultRoutes routes, NanoClock clock) {
        this.windows = List.copyOf(windows);
        this.routes = routes;
        this.clock = clock;
    }

    @Override
    public void scenarioStarted(long startNanos) {
        scenarioStart = startNanos;
    }

    @Override
    public void phaseStarted(PhasePlan phase) {
        if (!phase.recorded() || driver != null) return;
        Map<String, FaultInjector> injectors = new LinkedHashMap<>();
        for (FaultWindow w : windows) {
            injectors.computeIfAbsent(w.target(), routes::injector);
            for (FaultProxy p : routes.proxies(w.target())) {
                ProxyStats s = p.stats();   // also starts the forwarding histogram's interval here
                before.putIfAbsent(p, new long[]{s.accepted(), s.resets(), s.upstreamFailures()});
            }
        }
        driverStart = clock.nanoTime();   // written before driver: outage() reads driver first
        driver = new FaultDriver(windows, injectors, clock, driverStart);
        thread = clock.start(Thread.ofPlatform().daemon().name("stampede-faults"), driver);
    }

    @Override
    public void phaseEnded(PhasePlan phase) {
    }

    /** How long after a window's planned end an outage is still the fault's (the target reconnecting, a server starting). */
    public static final long OUTAGE_GRACE_NANOS = 5_000_000_000L;

    /**
     * True when {@code nowNanos} (engine clock) is inside a window as planned or within {@link #OUTAGE_GRACE_NANOS} of
     * its end: the time a lost target is this scenario's doing ({@link dev.stampede.core.engine.RunControl#excuseTargetLoss}).
     * Any thread.
     */
    public boolean outage(long nowNanos) {
        if (driver == null) return false;
        long zero = driverStart;
        for (FaultWindow w : windows) {
            if (nowNanos >= zero + w.at().toNanos() && nowNanos <= zero + w.end().toNanos() + OUTAGE_GRACE_NANOS) return true;
        }
        return false;
    }

    /** Stops the driver (lifting what is in force) and waits for it, at most 10 s. */
    @Override
    public void close() throws InterruptedException {
        if (thread == null) return;
        thread.interrupt();
        thread.join(10_000);
    }

    /** The report's view of this scenario's faults; call after {@link #close}. */
    public FaultTimeline timeline(ScenarioRun run) {
        Set<String> recorded = new HashSet<>();
        for (PhasePlan p : run.plan().phases()) if (p.recorded()) recorded.add(p.name());
        List<IntervalRow> series = run.metrics().series();
        double zero = (driverStart - scenarioStart) / 1e9;
        List<FaultDriver.Event> events = driver == null ? List.of() : driver.events();
        List<FaultTimeline.Window> out = new ArrayList<>();
        for (FaultWindow w : windows) {
            Double from = null, to = null;
            for (FaultDriver.Event e : events) {
                if (e.window() != w) continue;
                double t = (e.appliedNanos() - scenarioStart) / 1e9;
                if (e.start()) from = t;
                else to = t;
            }
            String failure = driver == null ? null : driver.failure(w);
            Recovery.Result rec = from != null && to != null ? Recovery.after(series, recorded, from, to)
                    : new Recovery.Result(null, driver == null ? "the scenario ended before its recorded phase started"
                    : failure != null ? failure : "the scenario ended before this fault started");
            if (failure != null && from != null) rec = new Recovery.Result(rec.seconds(), failure + "; " + rec.note());
            out.add(new FaultTimeline.Window(w.target(), w.fault() instanceof Fault.Server s ? s.kind() : w.fault().kind(),
                    detail(w.fault()), zero + w.at().toMillis() / 1000.0, zero + w.end().toMillis() / 1000.0, from, to,
                    rec.seconds(), rec.note()));
        }
        List<FaultTimeline.Proxy> proxies = new ArrayList<>();
        for (Map.Entry<FaultProxy, long[]> e : before.entrySet()) {
            FaultProxy p = e.getKey();
            ProxyStats s = p.stats();
            Histogram h = s.forwardingNanos();
            long[] b = e.getValue();
            proxies.add(new FaultTimeline.Proxy(p.name(), p.upstream().getHostString() + ":" + p.upstream().getPort(),
                    s.accepted() - b[0], s.resets() - b[1], s.upstreamFailures() - b[2], h.getTotalCount(),
                    h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(50) / 1000.0,
                    h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0));
        }
        return new FaultTimeline(out, proxies);
    }

    /**
     * The windows as applied, each {@code [start, end)} in nanoseconds on the engine clock (a window still in force
     * when the driver stopped ends at its lift); call after {@link #close}.
     */
    public List<long[]> appliedNanos() {
        List<long[]> out = new ArrayList<>();
        if (driver == null) return out;
        Map<FaultWindow, Long> started = new java.util.IdentityHashMap<>();
        for (FaultDriver.Event e : driver.events()) {
            if (e.start()) started.put(e.window(), e.appliedNanos());
            else if (started.containsKey(e.window())) out.add(new long[]{started.remove(e.window()), e.appliedNanos()});
        }
        return out;
    }

    /** A fault's settings in a few words. */
    static String detail(Fault f) {
        return switch (f) {
            case Fault.Latency l -> dev.stampede.core.config.Durations.format(l.delay())
                    + (l.jitter().isZero() ? "" : " ± " + dev.stampede.core.config.Durations.format(l.jitter()))
                    + " " + l.direction().name().toLowerCase(java.util.Locale.ROOT);
            case Fault.Bandwidth b -> b.bytesPerSecond() + " B/s " + b.direction().name().toLowerCase(java.util.Locale.ROOT);
            case Fault.CloseAfter c -> "after " + c.bytes() + " B";
            case Fault.Server s -> s.params().isEmpty() ? "" : s.params().toString();
            default -> "";
        };
    }
}
