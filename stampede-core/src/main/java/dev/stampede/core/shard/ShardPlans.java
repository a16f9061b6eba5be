package dev.stampede.core.shard;

import dev.stampede.core.config.ConfigException;
import dev.stampede.core.config.PlannedScenario;
import dev.stampede.core.engine.ArrivalProcess;
import dev.stampede.core.engine.LoadModel;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.ScenarioPlan;
import dev.stampede.core.engine.Stages;
import dev.stampede.core.engine.UserShare;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a plan into one shard's share, so that the shards together generate the planned load. Stateless.
 *
 * <ul>
 *   <li>Closed model: users are dealt out by index, plan user {@code u} to shard {@code u mod N}
 *       ({@link UserShare}); each keeps its plan number, so its ramp-up start ({@code u * rampUp / users}) and its
 *       stage gating (it runs while the stages' target is above {@code u}) are the plan's. Think time and pace are
 *       per user and stay.</li>
 *   <li>Open model, Poisson: each shard runs an independent Poisson process (its own seed, {@link Shard#seed}) at
 *       {@code R/N}, ramping stages divided by {@code N}: the sum of independent Poisson processes is a Poisson process
 *       at the sum of the rates.</li>
 *   <li>Open model, constant: each shard runs at {@code R/N} with arrival phase {@code I/N}, that is offset by
 *       {@code I/R} ({@code I/N} of its own period {@code N/R}; with ramping stages, divided by {@code N}, at
 *       {@code j + I/N} of its own arrivals), so arrival {@code k} of the planned process falls to shard
 *       {@code k mod N} at exactly the plan's time for it.</li>
 *   <li>The in-flight limit is split like users (by index); an iteration budget of an open-model phase by arrival
 *       index as above; closed-model iterations are per user and stay.</li>
 * </ul>
 *
 * A share that would be empty (fewer users, in-flight slots or arrivals than shards) is refused, naming the phase.
 */
public final class ShardPlans {
    private ShardPlans() {
    }

    /** This shard's share of every planned scenario. {@link Shard#SINGLE} returns {@code plans} as they are. */
    public static List<PlannedScenario> split(List<PlannedScenario> plans, Shard shard) {
        if (shard.count() == 1) return plans;
        List<PlannedScenario> out = new ArrayList<>();
        for (PlannedScenario ps : plans) {
            ScenarioPlan p = ps.plan();
            List<PhasePlan> phases = new ArrayList<>();
            for (PhasePlan ph : p.phases()) phases.add(split(p.name(), ph, shard));
            ScenarioPlan mine = new ScenarioPlan(p.name(), p.description(), phases, p.timeLimit());
            out.add(new PlannedScenario(mine, ps.workload(), mine.peakConcurrency(), ps.faults(), ps.resilience()));
        }
        return out;
    }

    static PhasePlan split(String scenario, PhasePlan ph, Shard s) {
        int n = s.count(), i = s.index();
        long iterations = ph.iterations();
        LoadModel model = switch (ph.model()) {
            case LoadModel.Closed c -> {
                if (c.share() != null) throw new IllegalArgumentException("phase " + ph.name() + " is already a share");
                UserShare share = new UserShare(i, n, c.users());
                if (share.users() == 0) throw tooFew(scenario, ph, c.users() + " users", s, "more users (--connections)");
                yield new LoadModel.Closed(share.users(), c.rampUp(), c.thinkTime(), c.pace(), c.stages(), share);
            }
            case LoadModel.Open o -> {
                if (iterations > 0) {
                    iterations = byIndex(iterations, s);
                    if (iterations == 0) throw tooFew(scenario, ph, ph.iterations() + " arrivals", s, "more iterations");
                }
                int inFlight = (int) byIndex(o.maxInFlight(), s);
                if (inFlight == 0) throw tooFew(scenario, ph, o.maxInFlight() + " connections", s, "more connections (--connections)");
                double phase = o.arrivals() == ArrivalProcess.CONSTANT ? (double) i / n : 0;
                if (o.rateStages() != null) {
                    Stages mine = o.rateStages().dividedBy(n);
                    yield new LoadModel.Open(mine.peak(), o.arrivals(), inFlight, mine, phase);
                }
                yield new LoadModel.Open(o.ratePerSecond() / n, o.arrivals(), inFlight, null, phase);
            }
        };
        return new PhasePlan(ph.name(), model, ph.duration(), iterations, ph.recorded());
    }

    private static ConfigException tooFew(String scenario, PhasePlan ph, String what, Shard s, String fix) {
        return new ConfigException("scenario '" + scenario + "', phase '" + ph.name() + "': " + what + " cannot be split into "
                + s.count() + " shards (shard " + s.label() + " would have none); use at most as many shards, or " + fix);
    }

    /** How many of {@code total} items numbered from 0 fall to the shard: those with {@code j mod N == I}. */
    static long byIndex(long total, Shard s) {
        return total <= s.index() ? 0 : (total - s.index() + s.count() - 1) / s.count();
    }
}
