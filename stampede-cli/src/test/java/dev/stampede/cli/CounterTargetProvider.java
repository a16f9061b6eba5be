package dev.stampede.cli;

import dev.stampede.core.advisor.Recommendation;
import dev.stampede.core.api.ErrorClass;
import dev.stampede.core.api.Monitor;
import dev.stampede.core.api.Operation;
import dev.stampede.core.api.OperationContext;
import dev.stampede.core.api.Outcome;
import dev.stampede.core.api.Workload;
import dev.stampede.core.config.ConfigSection;
import dev.stampede.core.engine.PhaseListener;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.report.RunReport;
import dev.stampede.core.target.ReportSection;
import dev.stampede.core.target.ScenarioFindings;
import dev.stampede.core.target.ScenarioScope;
import dev.stampede.core.target.ScenarioUse;
import dev.stampede.core.target.SessionContext;
import dev.stampede.core.target.Target;
import dev.stampede.core.target.TargetProvider;
import dev.stampede.core.target.TargetSettings;
import dev.stampede.core.target.WorkloadType;
import dev.stampede.core.verdict.MetricVerdict;
import dev.stampede.core.verdict.Status;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A second target that exists only in the CLI's tests, registered through META-INF/services like any module:
 * an in-process counter. It proves that a target plugs in through the contract alone. Its operations count
 * their own calls ({@link #CALLS}, {@link #FAILS}), an independent source for the report's numbers.
 */
public final class CounterTargetProvider implements TargetProvider {
    static final AtomicLong CALLS = new AtomicLong();
    static final AtomicLong FAILS = new AtomicLong();
    static final AtomicLong MEASURED_EDGES = new AtomicLong();
    static final AtomicLong CLEANED = new AtomicLong();
    static final ErrorClass ODD = new ErrorClass("counter-odd", "the counter refused an odd value", false);

    record Settings(String url, int failEvery, String operation) implements TargetSettings {
        @Override public boolean configured() { return url != null; }
        @Override public Map<String, Object> echo() {
            return Map.of("url", url == null ? "(in-process)" : url, "fail_every", failEvery, "operation", operation);
        }
    }

    @Override public String name() { return "counter"; }
    @Override public String section() { return "counter"; }
    @Override public String description() { return "an in-process counter (tests only)"; }
    @Override public Map<String, String> environment() { return Map.of("COUNTER_URL", "url"); }

    @Override
    public TargetSettings bind(ConfigSection s) {
        s.allowOnly(Set.of("url", "fail_every", "operation"));
        return new Settings(s.string("url", null), s.integer("fail_every", 10, 1, 1_000_000), s.string("operation", "increment"));
    }

    @Override public List<WorkloadType> workloads() { return List.of(new WorkloadType("counter", "increments an in-process counter")); }
    @Override public Set<String> thresholdKeys() { return Set.of("max_counter_failures"); }
    @Override public List<ErrorClass> errorClasses() { return List.of(ODD); }

    @Override
    public List<ReportSection> reportSections() {
        return List.of(new ReportSection() {
            @Override public String key() { return "counter"; }
            @Override public void markdown(Object extra, StringBuilder out) {
                out.append("### Counter target\n\n- calls the counter itself saw: ").append(((Map<?, ?>) extra).get("calls_seen")).append("\n\n");
            }
            @Override public List<Path> csv(RunReport report, Path dir) throws IOException {
                return List.of(Files.writeString(dir.resolve("counter.csv"), "scenarios\n" + report.scenarios().size() + "\n"));
            }
        });
    }

    @Override
    public Target open(TargetSettings settings, SessionContext context) {
        Settings cfg = (Settings) settings;
        context.out().println("Counter target open (fails every " + cfg.failEvery() + ")");
        return new Target() {
            @Override public String name() { return "counter"; }
            @Override public Map<String, Object> describe() { return Map.of("counter", "in-process counter"); }
            @Override public ScenarioScope begin(ScenarioUse use) { return new Scope(cfg, use); }
            @Override public void close() { }
        };
    }

    @Override
    public int clean(TargetSettings settings, PrintWriter out) {
        CLEANED.incrementAndGet();
        out.println("counter: nothing of Stampede's left");
        return 0;
    }

    private static final class Scope implements ScenarioScope {
        private final Settings cfg;
        private final ScenarioUse use;
        private final long callsBefore = CALLS.get();

        Scope(Settings cfg, ScenarioUse use) {
            this.cfg = cfg;
            this.use = use;
        }

        @Override
        public Workload workload() {
            if (!use.drivesLoad()) return null;
            Operation inc = new Operation() {
                @Override public String name() { return cfg.operation(); }
                @Override public Outcome call(OperationContext ctx) {
                    long n = CALLS.incrementAndGet();
                    if (n % cfg.failEvery() == 0) {
                        FAILS.incrementAndGet();
                        return Outcome.failed(ODD, "value " + n + " refused by " + cfg.operation());
                    }
                    return Outcome.OK;
                }
            };
            return new Workload() {
                @Override public String name() { return "counter"; }
                @Override public List<Operation> operations() { return List.of(inc); }
                @Override public int pick(SplittableRandom random) { return 0; }
            };
        }

        @Override public String workloadDescription() { return use.drivesLoad() ? "counter (fails every " + cfg.failEvery() + ")" : null; }

        @Override
        public List<Monitor> monitors() {
            return List.of(new Monitor() {
                @Override public String name() { return "counter"; }
                @Override public Map<String, Double> sample() { return Map.of("calls", (double) (CALLS.get() - callsBefore)); }
            });
        }

        @Override
        public PhaseListener phaseListener() {
            return new PhaseListener() {
                @Override public void phaseStarted(PhasePlan phase) { if (phase.recorded()) MEASURED_EDGES.incrementAndGet(); }
                @Override public void phaseEnded(PhasePlan phase) { if (phase.recorded()) MEASURED_EDGES.incrementAndGet(); }
            };
        }

        @Override
        public ScenarioFindings finish(ScenarioRun run) {
            long seen = CALLS.get() - callsBefore;
            Double limit = use.thresholds().targetLimits().get("max_counter_failures");
            List<MetricVerdict> verdicts = limit == null ? List.of() : List.of(new MetricVerdict("counter_failures", "Counter failures",
                    run.metrics().all().failed(), "", limit, "<=", run.metrics().all().failed() <= limit ? Status.PASSED : Status.FAILED,
                    null, "failures the counter reported"));
            return new ScenarioFindings(verdicts, List.of(new Recommendation("low", "Counter saw calls", "calls seen: " + seen, "none")),
                    Map.of("counter", Map.of("calls_seen", seen)));
        }

        @Override public void close() { }
    }
}
