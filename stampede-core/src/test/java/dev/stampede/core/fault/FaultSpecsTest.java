package dev.stampede.core.fault;

import dev.stampede.core.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaultSpecsTest {
    private static final Set<String> TARGETS = Set.of("database", "redis");

    private static List<FaultWindow> parse(Object... specs) {
        return FaultSpecs.parse(List.of(specs), "scenario outage", TARGETS, Duration.ofMinutes(1));
    }

    private static String error(Object... specs) {
        return assertThrows(ConfigException.class, () -> parse(specs)).getMessage();
    }

    @Test
    void everyKindWithItsParameters() {
        List<FaultWindow> w = parse(Map.of("target", "database", "kind", "blackhole", "at", "30s", "for", "10s"),
                Map.of("target", "redis", "kind", "latency", "latency", "50ms", "jitter", "10ms", "at", "5s", "for", "20s"),
                Map.of("target", "redis", "kind", "bandwidth", "bytes_per_second", "100_000", "direction", "both", "for", "1s"),
                Map.of("target", "database", "kind", "close-after", "bytes", 4096, "for", "2s"),
                Map.of("target", "database", "kind", "RESET", "for", "1s"), Map.of("target", "database", "kind", "refuse", "for", "1s"));
        assertEquals(new FaultWindow("database", new Fault.Blackhole(), Duration.ofSeconds(30), Duration.ofSeconds(10)), w.get(0));
        assertEquals(new Fault.Latency(Duration.ofMillis(50), Duration.ofMillis(10), Fault.Direction.DOWNSTREAM), w.get(1).fault());
        assertEquals(new Fault.Bandwidth(100_000, Fault.Direction.BOTH), w.get(2).fault());
        assertEquals(Duration.ZERO, w.get(2).at());
        assertEquals(new Fault.CloseAfter(4096), w.get(3).fault());
        assertEquals(new Fault.Reset(), w.get(4).fault());
        assertEquals(new Fault.Refuse(), w.get(5).fault());
    }

    @Test
    void badInputNamesTheFaultTheKeyAndTheFix() {
        assertTrue(error(Map.of("target", "celery", "kind", "reset", "for", "1s")).contains("target 'celery' is not a target of this build; "
                + "faults apply to database, redis"));
        assertTrue(error(Map.of("target", "database", "kind", "reset", "at", "55s", "for", "10s"))
                .contains("fault #1 of scenario outage runs from 55s to 1m5s, past the end of the measured phase (1m)"));
        assertTrue(error(Map.of("target", "database", "kind", "explode", "for", "1s")).contains("unknown kind 'explode' for target database; one of latency"));
        assertTrue(error(Map.of("target", "database", "kind", "reset", "for", "1s", "latency", "5ms"))
                .contains("unknown key 'latency' for a reset fault"));
        assertTrue(error(Map.of("target", "database", "kind", "latency", "latency", "5ms", "jitter", "9ms", "for", "1s"))
                .contains("jitter 9ms is larger than the latency 5ms"));
        assertTrue(error(Map.of("target", "database", "kind", "blackhole")).contains("has no 'for'"));
        assertTrue(error(Map.of("target", "database", "kind", "blackhole", "for", "soon")).contains("not a duration"));
        assertTrue(error(Map.of("target", "database", "kind", "bandwidth", "bytes_per_second", "0", "for", "1s"))
                .contains("not a whole number of at least 1"));
        assertTrue(error("blackhole").contains("is not a mapping"));
        assertTrue(error(Map.of("target", "database", "kind", "latency", "latency", "5ms", "direction", "sideways", "for", "1s"))
                .contains("direction 'sideways' is not one of upstream, downstream, both"));
    }

    @Test
    void serverKindsComeFromTheTargetWithTheirOwnKeys() {
        Map<String, Map<String, Set<String>>> sections = Map.of("database", Map.of("terminate-backends", Set.of("every")),
                "redis", Map.of());
        List<FaultWindow> w = FaultSpecs.parse(List.of(Map.of("target", "database", "kind", "terminate-backends", "every", "1s",
                "at", "2s", "for", "3s")), "scenario s", sections);
        assertEquals(new Fault.Server("terminate-backends", Map.of("every", "1s")), w.get(0).fault());
        assertEquals(Duration.ofSeconds(5), w.get(0).end());
        ConfigException e = assertThrows(ConfigException.class, () -> FaultSpecs.parse(List.of(Map.of("target", "redis",
                "kind", "terminate-backends", "for", "1s")), "scenario s", sections));
        assertTrue(e.getMessage().contains("unknown kind 'terminate-backends' for target redis"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> FaultSpecs.parse(List.of(Map.of("target", "database",
                "kind", "terminate-backends", "often", "yes", "for", "1s")), "scenario s", sections));
        assertTrue(e.getMessage().contains("unknown key 'often' for a terminate-backends fault; known: at, every, for, kind, target"), e.getMessage());
        FaultWindow scaled = w.get(0).scaled(0.1);
        assertEquals(Duration.ofMillis(200), scaled.at());
        assertEquals(Duration.ofMillis(300), scaled.length());
    }
}
