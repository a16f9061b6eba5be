package dev.stampede.core.shard;

import dev.stampede.core.engine.ArrivalProcess;
import dev.stampede.core.engine.LoadModel;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.ScenarioPlan;
import dev.stampede.core.engine.Stages;
import dev.stampede.core.engine.UserShare;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link ScenarioPlan} as plain JSON values (maps, lists, strings, numbers) and back, for the result bundle, and
 * the plan fingerprint that tells whether two bundles come from the same plan. Durations are ISO-8601
 * ({@code PT5S}). Stateless.
 */
public final class PlanJson {
    private PlanJson() {
    }

    public static Map<String, Object> toMap(ScenarioPlan plan) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", plan.name());
        m.put("description", plan.description());
        m.put("time_limit", plan.timeLimit() == null ? null : plan.timeLimit().toString());
        List<Object> phases = new ArrayList<>();
        for (PhasePlan p : plan.phases()) {
            Map<String, Object> ph = new LinkedHashMap<>();
            ph.put("name", p.name());
            ph.put("duration", p.duration() == null ? null : p.duration().toString());
            ph.put("iterations", p.iterations());
            ph.put("recorded", p.recorded());
            switch (p.model()) {
                case LoadModel.Closed c -> {
                    ph.put("model", "closed");
                    ph.put("users", c.users());
                    ph.put("ramp_up", c.rampUp().toString());
                    ph.put("think_time", c.thinkTime().toString());
                    ph.put("pace", c.pace().toString());
                    ph.put("stages", stages(c.stages()));
                    if (c.share() != null) {
                        ph.put("share", List.of(c.share().offset(), c.share().stride(), c.share().planUsers()));
                    }
                }
                case LoadModel.Open o -> {
                    ph.put("model", "open");
                    ph.put("rate", o.ratePerSecond());
                    ph.put("arrivals", o.arrivals().name());
                    ph.put("max_in_flight", o.maxInFlight());
                    ph.put("rate_stages", stages(o.rateStages()));
                    ph.put("arrival_phase", o.arrivalPhase());
                }
            }
            phases.add(ph);
        }
        m.put("phases", phases);
        return m;
    }

    @SuppressWarnings("unchecked")
    public static ScenarioPlan fromMap(Map<String, Object> m) {
        List<PhasePlan> phases = new ArrayList<>();
        for (Object o : (List<Object>) m.get("phases")) {
            Map<String, Object> ph = (Map<String, Object>) o;
            LoadModel model;
            if ("closed".equals(ph.get("model"))) {
                List<Number> sh = (List<Number>) ph.get("share");
                model = new LoadModel.Closed(((Number) ph.get("users")).intValue(), dur(ph.get("ramp_up")), dur(ph.get("think_time")),
                        dur(ph.get("pace")), stages(ph.get("stages")),
                        sh == null ? null : new UserShare(sh.get(0).intValue(), sh.get(1).intValue(), sh.get(2).intValue()));
            } else {
                Number phase = (Number) ph.get("arrival_phase");
                model = new LoadModel.Open(((Number) ph.get("rate")).doubleValue(), ArrivalProcess.valueOf((String) ph.get("arrivals")),
                        ((Number) ph.get("max_in_flight")).intValue(), stages(ph.get("rate_stages")),
                        phase == null ? 0 : phase.doubleValue());
            }
            phases.add(new PhasePlan((String) ph.get("name"), model, dur(ph.get("duration")),
                    ((Number) ph.get("iterations")).longValue(), Boolean.TRUE.equals(ph.get("recorded"))));
        }
        return new ScenarioPlan((String) m.get("name"), (String) m.get("description"), phases, dur(m.get("time_limit")));
    }

    private static List<Object> stages(Stages st) {
        if (st == null) return null;
        List<Object> out = new ArrayList<>();
        out.add(st.start());
        for (Stages.Stage s : st.stages()) out.add(List.of(s.duration().toString(), s.target()));
        return out;
    }

    /** [start, [duration, target], ...] back to stages. */
    @SuppressWarnings("unchecked")
    private static Stages stages(Object v) {
        if (v == null) return null;
        List<Object> l = (List<Object>) v;
        List<Stages.Stage> st = new ArrayList<>();
        for (Object o : l.subList(1, l.size())) {
            List<Object> s = (List<Object>) o;
            st.add(new Stages.Stage(Duration.parse((String) s.get(0)), ((Number) s.get(1)).doubleValue()));
        }
        return new Stages(((Number) l.get(0)).doubleValue(), st);
    }

    private static Duration dur(Object v) {
        return v == null ? null : Duration.parse((String) v);
    }

    /**
     * First 16 hex digits of the SHA-256 of the whole (unsharded) plans and the workload settings as JSON: the same
     * for every shard of one plan, whatever its index, output directory or start time.
     */
    public static String fingerprint(List<ScenarioPlan> plans, List<String> workloads) {
        Map<String, Object> all = new LinkedHashMap<>();
        List<Object> ps = new ArrayList<>();
        for (ScenarioPlan p : plans) ps.add(toMap(p));
        all.put("plans", ps);
        all.put("workloads", workloads);
        try {
            byte[] json = BundleJson.MAPPER.writeValueAsBytes(all);
            byte[] d = MessageDigest.getInstance("SHA-256").digest(json);
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
