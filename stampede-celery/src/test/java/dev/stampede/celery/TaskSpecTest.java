package dev.stampede.celery;

import dev.stampede.core.config.CustomStatement;
import dev.stampede.core.gen.ParamGenerator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class TaskSpecTest {

    @Test
    void generatedKeywordArgumentsJoinTheFixedOnesAndStayInRange() {
        ParamGenerator ids = ParamGenerator.of(new CustomStatement.ParamSpec("int", "uniform", 1, 5, 12, 0.99, List.of()));
        ParamGenerator uuid = ParamGenerator.of(new CustomStatement.ParamSpec("uuid", "uniform", 1, 5, 12, 0.99, List.of()));
        TaskSpec t = new TaskSpec("myapp.report", 1, List.of(), Map.of("fixed", "x"), List.of(), Map.of("user_id", ids, "token", uuid), null,
                null, Duration.ZERO, Duration.ZERO);
        assertThat(t.fixedKwargs()).isFalse();
        SplittableRandom r = new SplittableRandom(1);
        Set<Object> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            Map<String, Object> k = t.kwargsFor(r);
            assertThat(k).containsEntry("fixed", "x");
            assertThat((Long) k.get("user_id")).isBetween(1L, 5L);
            assertThat(k.get("token")).isInstanceOf(String.class);
            seen.add(k.get("user_id"));
        }
        assertThat(seen).hasSize(5);
        assertThat(TaskSpec.probe("sleep", Map.of("ms", 1)).fixedKwargs()).isTrue();
    }
}
