package dev.stampede.postgres.pgbench;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExprTest {
    private final Map<String, Object> vars = new HashMap<>(Map.of("scale", 10L, "x", 7L, "d", 2.5, "t", "42", "default_seed", 1234L));
    private final SplittableRandom random = new SplittableRandom(42);

    private Object eval(String src) {
        Expr e = new ExprParser(src, 1, v -> { }).parseAll();
        return e.eval(new Expr.Env() {
            @Override public Object variable(String name) { return vars.get(name); }
            @Override public RandomGenerator random() { return random; }
        });
    }

    @Test
    void integerArithmeticFollowsPgbench() {
        assertThat(eval("1 + 2 * 3")).isEqualTo(7L);
        assertThat(eval("(1 + 2) * 3")).isEqualTo(9L);
        assertThat(eval("7 / 2")).isEqualTo(3L);
        assertThat(eval("-7 / 2")).isEqualTo(-3L);          // truncates toward zero, as C
        assertThat(eval("-7 % 3")).isEqualTo(-1L);
        assertThat(eval("5 % -1")).isEqualTo(0L);
        assertThat(eval("mod(10, 4)")).isEqualTo(2L);
        assertThat(eval("100000 * :scale")).isEqualTo(1_000_000L);
        assertThat(eval("-:x")).isEqualTo(-7L);
        assertThat(eval(":t + 1")).isEqualTo(43L);          // \gset text is read as a number
    }

    @Test
    void overflowAndDivisionByZeroAreScriptErrors() {
        assertThatThrownBy(() -> eval("9223372036854775807 + 1")).isInstanceOf(ScriptError.class).hasMessage("bigint add out of range");
        assertThatThrownBy(() -> eval("(-9223372036854775807 - 1) - 1")).hasMessage("bigint sub out of range");
        assertThatThrownBy(() -> eval("4611686018427387904 * 2")).hasMessage("bigint mul out of range");
        assertThatThrownBy(() -> eval("(-9223372036854775807 - 1) / -1")).hasMessage("bigint div out of range");
        assertThat(eval("(-9223372036854775807 - 1) % -1")).isEqualTo(0L);
        assertThatThrownBy(() -> eval("1 / 0")).isInstanceOf(ScriptError.class).hasMessage("division by zero");
        assertThatThrownBy(() -> eval("1 % 0")).hasMessage("division by zero");
        assertThat(eval("1.0 / 0")).isEqualTo(Double.POSITIVE_INFINITY);   // doubles follow IEEE, as in C
        assertThatThrownBy(() -> eval("int(1e30)")).hasMessageStartingWith("double to int overflow");
    }

    @Test
    void doublesWinWhenEitherOperandIsDouble() {
        assertThat(eval("1 + 0.5")).isEqualTo(1.5);
        assertThat(eval(":d * 2")).isEqualTo(5.0);
        assertThat(eval("7.0 / 2")).isEqualTo(3.5);
        assertThat(eval("int(2.5)")).isEqualTo(2L);         // rint: round half to even
        assertThat(eval("int(3.5)")).isEqualTo(4L);
        assertThat(eval("double(3)")).isEqualTo(3.0);
        assertThat(eval("1e3")).isEqualTo(1000.0);
        assertThat(eval("abs(-3)")).isEqualTo(3L);
        assertThat(eval("abs(-3.5)")).isEqualTo(3.5);
        assertThat(eval("greatest(1, 5, 3)")).isEqualTo(5L);
        assertThat(eval("least(1, 0.5, 3)")).isEqualTo(0.5);
        assertThat(eval("sqrt(16)")).isEqualTo(4.0);
        assertThat(eval("pow(2, 10)")).isEqualTo(1024.0);
        assertThat(eval("power(2, 0.5)")).isEqualTo(Math.sqrt(2));
        assertThat((Double) eval("ln(exp(1))")).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(eval("pi()")).isEqualTo(Math.PI);
    }

    @Test
    void comparisonsLogicAndCase() {
        assertThat(eval("1 < 2 and 2 <= 2")).isEqualTo(true);
        assertThat(eval("1 = 1.0")).isEqualTo(true);
        assertThat(eval("1 <> 2 or 1 / 0 = 1")).isEqualTo(true);   // short-circuit
        assertThat(eval("not 1 > 2")).isEqualTo(true);
        assertThat(eval("!(1 != 1)")).isEqualTo(true);
        assertThat(eval("null is null")).isEqualTo(true);
        assertThat(eval("1 is not null")).isEqualTo(true);
        assertThat(eval("true is true")).isEqualTo(true);
        assertThat(eval("null isnull")).isEqualTo(true);
        assertThat(eval("1 + null")).isEqualTo(Values.NULL);
        assertThat(eval("null and true")).isEqualTo(Values.NULL);
        assertThat(eval("case when :x > 5 then 1 when :x > 2 then 2 else 3 end")).isEqualTo(1L);
        assertThat(eval("case when false then 1 end")).isEqualTo(Values.NULL);
        assertThatThrownBy(() -> eval("1 and true")).hasMessage("cannot coerce int to boolean");
    }

    @Test
    void bitwiseOperators() {
        assertThat(eval("6 & 3")).isEqualTo(2L);
        assertThat(eval("6 | 3")).isEqualTo(7L);
        assertThat(eval("6 # 3")).isEqualTo(5L);
        assertThat(eval("~0")).isEqualTo(-1L);
        assertThat(eval("1 << 4")).isEqualTo(16L);
        assertThat(eval("-16 >> 2")).isEqualTo(-4L);
        assertThat(eval("1 + 1 << 2")).isEqualTo(8L);        // + binds tighter than <<
    }

    @Test
    void randomFunctionsStayInRange() {
        for (int i = 0; i < 2000; i++) {
            assertThat((Long) eval("random(1, 10)")).isBetween(1L, 10L);
            assertThat((Long) eval("random_zipfian(1, 1000, 1.07)")).isBetween(1L, 1000L);
            assertThat((Long) eval("random_gaussian(1, 100, 2.5)")).isBetween(1L, 100L);
            assertThat((Long) eval("random_exponential(1, 100, 3.0)")).isBetween(1L, 100L);
        }
        assertThatThrownBy(() -> eval("random(5, 1)")).hasMessage("empty range given to random");
        assertThatThrownBy(() -> eval("random_zipfian(1, 10, 0.5)")).hasMessageStartingWith("zipfian parameter must be in range");
        assertThatThrownBy(() -> eval("random_gaussian(1, 10, 1.0)")).hasMessageStartingWith("gaussian parameter must be at least");
        assertThatThrownBy(() -> eval("random_exponential(1, 10, 0)")).hasMessageStartingWith("exponential parameter must be greater");
    }

    @Test
    void zipfianIsSkewedTowardTheLowValues() {
        int ones = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) if ((Long) eval("random_zipfian(1, 1000, 1.5)") == 1L) ones++;
        // P(1) for s = 1.5 over 1000 values is 1 / H(1000, 1.5) ~ 0.39; uniform would be 0.001
        assertThat(ones / (double) n).isBetween(0.35, 0.43);
    }

    @Test
    void hashesMatchTheirDefinitionsAndPermuteIsABijection() {
        // FNV-1a of the 8 little-endian bytes of 0 with seed 0 and murmur2's finaliser: fixed points of the algorithms
        assertThat(eval("hash_fnv1a(0, 0)")).isEqualTo(Functions.fnv1a(0, 0));
        assertThat(eval("hash(5)")).isEqualTo(Functions.murmur2(5, 1234L));
        assertThat(eval("hash(5)")).isEqualTo(eval("hash_murmur2(5, :default_seed)"));
        assertThat(eval("hash(5, 1)")).isNotEqualTo(eval("hash(5, 2)"));
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (long i = 0; i < 100; i++) seen.add((Long) eval("permute(" + i + ", 100, 7)"));
        assertThat(seen).hasSize(100).allMatch(v -> v >= 0 && v < 100);
        assertThat(eval("permute(3, 1)")).isEqualTo(0L);
    }

    @Test
    void syntaxErrorsCarryTheColumn() {
        assertThatThrownBy(() -> new ExprParser("random(1, ", 10, v -> { }).parseAll())
                .isInstanceOf(ExprParser.SyntaxError.class).satisfies(e -> assertThat(((ExprParser.SyntaxError) e).column).isEqualTo(20));
        assertThatThrownBy(() -> new ExprParser("nosuch(1)", 1, v -> { }).parseAll()).hasMessageContaining("unknown function 'nosuch'");
        assertThatThrownBy(() -> new ExprParser("random(1)", 1, v -> { }).parseAll()).hasMessageContaining("takes 2 arguments, not 1");
        assertThatThrownBy(() -> new ExprParser("1 < 2 < 3", 1, v -> { }).parseAll()).hasMessageContaining("cannot be chained");
        assertThatThrownBy(() -> new ExprParser("99999999999999999999", 1, v -> { }).parseAll()).hasMessageContaining("bigint constant overflow");
    }

    @Test
    void undefinedVariableAtRunTimeIsAScriptError() {
        assertThatThrownBy(() -> eval(":nope + 1")).isInstanceOf(ScriptError.class).hasMessageContaining("undefined variable \"nope\"");
    }
}
