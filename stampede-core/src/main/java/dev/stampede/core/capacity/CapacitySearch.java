package dev.stampede.core.capacity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The search for the highest sustainable arrival rate, as a state machine driven by probe results: it says which probe
 * to run next ({@link #next()}), is told how it went ({@link #record}), and knows nothing about engines or servers, so
 * every path is a unit test.
 *
 * <ol>
 *   <li><b>Bracket up:</b> from {@code start_rate}, multiply by {@link CapacitySettings#GROWTH} after each pass (capped at
 *       {@code max_rate}) until a probe fails. A pass at {@code max_rate} ends the search: "at least max_rate".</li>
 *   <li><b>Bracket down:</b> when the starting rate already fails, halve up to {@link CapacitySettings#MAX_STEPS_DOWN}
 *       times until a probe passes; none passing ends the search without a sustainable rate.</li>
 *   <li><b>Bisect</b> on a log scale (the geometric mean of the bracket's ends) until the upper end is within
 *       {@code precision_percent} of the lower.</li>
 *   <li><b>Confirm:</b> probe the lower end {@code confirmations} more times. A failed confirmation makes it the upper
 *       end, the highest rate that passed below it the lower, and bisection resumes (at most
 *       {@link CapacitySettings#MAX_CONFIRM_ROUNDS} times; then the answer is reported unconfirmed).</li>
 * </ol>
 * A probe whose latency was still rising is repeated once at the same rate, twice as long; a generator-bound probe
 * ends the search as inconclusive (nothing is known about that rate or above); a stopped run ends it as stopped.
 *
 * <p>Not thread-safe: one search, driven from one thread.
 */
public final class CapacitySearch {

    /** How the search ended. */
    public enum Status {
        /** A sustainable rate within the precision, confirmed (or unconfirmed after too many failed confirmations). */
        FOUND,
        /** {@code max_rate} passed: the capacity is at least that. */
        AT_CEILING,
        /** Even the lowest rate probed failed. */
        NONE_SUSTAINED,
        /** The generator was the bottleneck: no capacity figure. */
        INCONCLUSIVE_GENERATOR,
        /** The run was stopped before the search ended. */
        STOPPED
    }

    /** Why a probe was run. */
    public enum Purpose { BRACKET, BISECT, CONFIRM, EXTEND }

    /**
     * The next probe to run.
     *
     * @param rate     arrivals per second
     * @param duration its measured length (twice the usual for an extension)
     * @param extended true when repeating a rising probe
     */
    public record Probe(double rate, Duration duration, boolean extended, Purpose purpose) {
    }

    /** One probe run, as the report lists it. */
    public record Step(Purpose purpose, ProbeResult result, ProbeVerdict verdict) {
    }

    private enum Phase { UP, DOWN, BISECT, CONFIRM, DONE }

    private final CapacitySettings settings;
    private final List<Step> steps = new ArrayList<>();
    private Phase phase = Phase.UP;
    private Probe pending;
    private Double lo;           // highest rate that passed (and was not refuted by a confirmation)
    private Double hi;           // lowest rate that failed
    private ProbeVerdict hiVerdict;
    private int stepsDown;
    private int confirmed;
    private int confirmRounds;
    private boolean unconfirmed;
    private Status status;
    private Double generatorRate;
    private ProbeVerdict generatorVerdict;

    public CapacitySearch(CapacitySettings settings) {
        this.settings = settings;
        this.pending = new Probe(settings.startRate(), settings.probe(), false, Purpose.BRACKET);
    }

    /** The next probe; empty once the search has ended. */
    public Optional<Probe> next() {
        return phase == Phase.DONE ? Optional.empty() : Optional.of(pending);
    }

    /** Records the outcome of the probe {@link #next()} gave, and moves on. */
    public void record(ProbeResult result, ProbeVerdict verdict) {
        if (phase == Phase.DONE) throw new IllegalStateException("the search has ended; no probe was pending");
        Probe probe = pending;
        steps.add(new Step(probe.purpose(), result, verdict));
        switch (verdict.kind()) {
            case STOPPED -> end(Status.STOPPED);
            case GENERATOR_BOUND -> {
                generatorRate = probe.rate();
                generatorVerdict = verdict;
                end(Status.INCONCLUSIVE_GENERATOR);
            }
            case RISING -> pending = new Probe(probe.rate(), settings.probe().multipliedBy(2), true, Purpose.EXTEND);
            case PASS -> passed(probe.rate());
            case FAIL -> failed(probe.rate(), verdict);
        }
    }

    private void passed(double rate) {
        switch (phase) {
            case UP -> {
                lo = rate;
                if (rate >= settings.maxRate()) end(Status.AT_CEILING);
                else probe(Math.min(rate * CapacitySettings.GROWTH, settings.maxRate()), Purpose.BRACKET);
            }
            case DOWN, BISECT -> {
                lo = rate;
                phase = Phase.BISECT;
                narrow();
            }
            case CONFIRM -> {
                if (++confirmed >= settings.confirmations()) end(Status.FOUND);
                else probe(lo, Purpose.CONFIRM);
            }
            case DONE -> throw new IllegalStateException("done");
        }
    }

    private void failed(double rate, ProbeVerdict verdict) {
        if (hi == null || rate <= hi) {
            hi = rate;
            hiVerdict = verdict;
        }
        switch (phase) {
            case UP, DOWN -> {
                if (lo == null) stepDown(rate);
                else {
                    phase = Phase.BISECT;
                    narrow();
                }
            }
            case BISECT -> narrow();
            case CONFIRM -> {
                // the answer did not hold: it becomes the upper end, the best pass below it the lower
                lo = highestPassBelow(rate);
                confirmRounds++;
                if (lo == null) {
                    stepDown(rate);
                } else if (confirmRounds > CapacitySettings.MAX_CONFIRM_ROUNDS) {
                    unconfirmed = true;
                    end(Status.FOUND);
                } else {
                    phase = Phase.BISECT;
                    narrow();
                }
            }
            case DONE -> throw new IllegalStateException("done");
        }
    }

    private void stepDown(double failedRate) {
        phase = Phase.DOWN;
        if (stepsDown >= CapacitySettings.MAX_STEPS_DOWN) {
            end(Status.NONE_SUSTAINED);
            return;
        }
        stepsDown++;
        probe(failedRate / CapacitySettings.GROWTH, Purpose.BRACKET);
    }

    /** Bisects the bracket, or starts confirming once it is within the precision. */
    private void narrow() {
        if (hi / lo <= settings.precisionRatio() * (1 + 1e-9)) {
            phase = Phase.CONFIRM;
            confirmed = 0;
            if (settings.confirmations() == 0) end(Status.FOUND);
            else probe(lo, Purpose.CONFIRM);
        } else {
            probe(Math.sqrt(lo * hi), Purpose.BISECT);
        }
    }

    private Double highestPassBelow(double rate) {
        Double best = null;
        for (Step s : steps) {
            double r = s.result().rate();
            if (s.verdict().kind() == ProbeVerdict.Kind.PASS && r < rate && (best == null || r > best)) best = r;
        }
        return best;
    }

    private void probe(double rate, Purpose purpose) {
        pending = new Probe(rate, settings.probe(), false, purpose);
    }

    private void end(Status s) {
        status = s;
        phase = Phase.DONE;
    }

    /** Ends the search as stopped (the run was stopped between probes); nothing once it has ended. */
    public void stop() {
        if (phase != Phase.DONE) end(Status.STOPPED);
    }

    /** The probes run so far, in order. */
    public List<Step> steps() {
        return List.copyOf(steps);
    }

    /** The search's answer; only once it has ended. */
    public CapacityOutcome outcome() {
        if (phase != Phase.DONE) throw new IllegalStateException("the search has not ended");
        return switch (status) {
            case FOUND -> new CapacityOutcome(status, lo, lo, hi, hi, hiVerdict.reason().label(), f("sustainable rate %s/s "
                    + "(bracket %s to %s/s%s); the first failing rate %s/s failed on %s", n(lo), n(lo), n(hi),
                    unconfirmed ? ", not confirmed: confirmations kept failing" : "", n(hi), hiVerdict.reason().label()),
                    !unconfirmed, steps());
            case AT_CEILING -> new CapacityOutcome(status, lo, lo, null, null, null, f("at least %s/s: max_rate passed; raise "
                    + "capacity.max_rate to search higher", n(lo)), false, steps());
            case NONE_SUSTAINED -> new CapacityOutcome(status, null, null, hi, hi, hiVerdict.reason().label(), f("no sustainable "
                    + "rate: even %s/s failed on %s; lower capacity.start_rate or look at the bottleneck below", n(hi),
                    hiVerdict.reason().label()), false, steps());
            case INCONCLUSIVE_GENERATOR -> new CapacityOutcome(status, null, lo, generatorRate, null,
                    ProbeVerdict.Reason.GENERATOR.label(), f("inconclusive: the generator is the bottleneck at %s/s%s; give it more "
                            + "CPU or in-flight slots (--connections) and search again", n(generatorRate),
                    lo == null ? "" : f(" (the target sustained %s/s)", n(lo))), false, steps());
            case STOPPED -> new CapacityOutcome(status, null, lo, hi, hi, hiVerdict == null ? null : hiVerdict.reason().label(),
                    "the run was stopped before the search ended", false, steps());
        };
    }

    private static String n(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
