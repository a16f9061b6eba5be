package dev.stampede.http;

import dev.stampede.core.config.ConfigException;
import dev.stampede.core.engine.ArrivalProcess;
import dev.stampede.core.engine.LoadModel;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.ScenarioPlan;
import dev.stampede.http.persona.Persona;
import dev.stampede.http.persona.RetryAfter;
import dev.stampede.http.persona.Step;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HonourOnArrivalsTest {
    private static Persona persona(RetryAfter ra) {
        return new Persona("polite", 1, List.of(), List.of(Step.get("GET /", "/", 1, List.of())), null, null, ra);
    }

    private static ScenarioPlan plan(LoadModel model) {
        return new ScenarioPlan("s", "test", List.of(new PhasePlan("steady", model, Duration.ofSeconds(5), 0, true)), null);
    }

    @Test
    void honourIsRefusedOnAnArrivalRateScenarioAndAllowedOnUsers() {
        ScenarioPlan open = plan(new LoadModel.Open(10, ArrivalProcess.CONSTANT, 100));
        assertThatThrownBy(() -> HttpScope.refuseHonourOnArrivals(List.of(persona(RetryAfter.honour(Duration.ofSeconds(5)))), open))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("scenario 's' sets an arrival rate").hasMessageContaining("persona 'polite'")
                .hasMessageContaining("retry_after: ignore");
        assertThatCode(() -> HttpScope.refuseHonourOnArrivals(List.of(persona(RetryAfter.IGNORE)), open)).doesNotThrowAnyException();
        ScenarioPlan closed = plan(new LoadModel.Closed(2, Duration.ZERO, Duration.ZERO));
        assertThatCode(() -> HttpScope.refuseHonourOnArrivals(List.of(persona(RetryAfter.honour(Duration.ofSeconds(5)))), closed))
                .doesNotThrowAnyException();
    }
}
