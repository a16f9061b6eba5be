package dev.stampede.core.capacity;

import java.util.Locale;

/**
 * Judges one probe against the search's targets. The order matters and is the contract:
 * <ol>
 *   <li>a stopped run says nothing;</li>
 *   <li>a generator whose own CPU was saturated ({@link dev.stampede.core.host.GeneratorSaturation}) is the limit;</li>
 *   <li>errors over the target fail the probe, as pool exhaustion when pool time-outs make up most of them;</li>
 *   <li>a p99 or dropped-arrival failure is the <em>generator's</em> when the target's side (pool wait plus execution,
 *       p99) stayed within the p99 target and the time was lost before the attempts started (start lag, or arrivals
 *       dropped because the generator's in-flight limit was full): by Little's law that limit is too small to offer
 *       the rate within the target, so the probe cannot tell whether the target would have kept up;</li>
 *   <li>otherwise it is the target's: pool exhaustion when pool wait is at least half the p99, p99, or dropped
 *       arrivals (more than {@value #DROPPED_LIMIT_PERCENT} % of those due);</li>
 *   <li>within every target but latency still rising at the end: rising the first time (the search probes again,
 *       twice as long), unstable (a failure) after the extension.</li>
 * </ol>
 * Stateless.
 */
public final class ProbeJudge {
    /** Arrivals dropped, in percent of those due, above which a probe fails (a few drop at any phase's end). */
    public static final double DROPPED_LIMIT_PERCENT = 1.0;

    private final CapacitySettings targets;

    public ProbeJudge(CapacitySettings targets) {
        this.targets = targets;
    }

    public ProbeVerdict judge(ProbeResult r) {
        if (r.stopped()) return new ProbeVerdict(ProbeVerdict.Kind.STOPPED, ProbeVerdict.Reason.STOPPED, "the run was stopped during this probe");
        if (r.generatorSaturated() != null) {
            return new ProbeVerdict(ProbeVerdict.Kind.GENERATOR_BOUND, ProbeVerdict.Reason.GENERATOR, r.generatorSaturated());
        }
        Double p99Target = targets.p99Ms();
        Double errTarget = targets.errorRatePercent();
        if (errTarget != null && r.errorPercent() > errTarget) {
            boolean pool = r.poolTimeouts() * 2 > r.errors();
            return fail(pool ? ProbeVerdict.Reason.POOL_EXHAUSTION : ProbeVerdict.Reason.ERRORS, f("errors %.2f %% of %d attempts over "
                    + "the %s %% target%s", r.errorPercent(), r.attempts(), CapacitySettings.num(errTarget),
                    pool ? "; " + r.poolTimeouts() + " of them timed out waiting for a pool connection" : ""));
        }
        boolean p99Over = p99Target != null && r.p99Ms() > p99Target;
        boolean dropped = r.droppedPercent() > DROPPED_LIMIT_PERCENT;
        if (p99Over || dropped) {
            if (p99Target != null && r.serverSideP99Ms() <= p99Target) {
                return new ProbeVerdict(ProbeVerdict.Kind.GENERATOR_BOUND, ProbeVerdict.Reason.GENERATOR, f("p99 %.1f ms, of which the "
                        + "target's side (pool wait p99 %.1f + execution p99 %.1f ms) is within the %s ms target: the attempts waited "
                        + "in the generator (start lag p99 %.1f ms, %d arrivals dropped), whose in-flight limit is too small to offer "
                        + "%s/s", r.p99Ms(), r.acquireP99Ms(), r.executionP99Ms(), CapacitySettings.num(p99Target), r.startLagP99Ms(),
                        r.droppedArrivals(), CapacitySettings.num(r.rate())));
            }
            if (p99Over && r.acquireP99Ms() * 2 >= r.p99Ms()) {
                return fail(ProbeVerdict.Reason.POOL_EXHAUSTION, f("p99 %.1f ms over the %s ms target, pool wait p99 %.1f ms of it",
                        r.p99Ms(), CapacitySettings.num(p99Target), r.acquireP99Ms()));
            }
            if (p99Over) {
                return fail(ProbeVerdict.Reason.P99, f("p99 %.1f ms over the %s ms target (execution p99 %.1f ms, pool wait p99 %.1f ms)",
                        r.p99Ms(), CapacitySettings.num(p99Target), r.executionP99Ms(), r.acquireP99Ms()));
            }
            return fail(ProbeVerdict.Reason.DROPPED_ARRIVALS, f("%d arrivals (%.1f %% of those due) never started: every in-flight slot "
                    + "was taken by attempts the target had not answered", r.droppedArrivals(), r.droppedPercent()));
        }
        String within = f("p99 %.1f ms, errors %.2f %%, achieved %.1f/s", r.p99Ms(), r.errorPercent(), r.achievedRate());
        if (r.trend().rising()) {
            String rising = f("latency still rising at the end (p95 %.1f ms in the first third, %.1f ms in the last)",
                    r.trend().firstMs(), r.trend().lastMs());
            return r.extended() ? fail(ProbeVerdict.Reason.UNSTABLE, within + "; " + rising + ", also in the longer probe")
                    : new ProbeVerdict(ProbeVerdict.Kind.RISING, null, within + "; " + rising + ": probing again, longer");
        }
        return ProbeVerdict.pass(within);
    }

    private static ProbeVerdict fail(ProbeVerdict.Reason reason, String detail) {
        return new ProbeVerdict(ProbeVerdict.Kind.FAIL, reason, detail);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
