package dev.stampede.core.config;

import java.util.List;
import java.util.Map;

/**
 * One named statement of a {@code custom} workload. Parameters are written {@code :name} in the SQL
 * and always bound, never spliced into the text.
 *
 * @param weight relative frequency among the workload's statements
 */
public record CustomStatement(String name, String sql, double weight, Map<String, ParamSpec> params) {
    public CustomStatement {
        params = Map.copyOf(params);
    }

    /**
     * How to generate one parameter.
     *
     * @param type         int, string, uuid, timestamp, text (from a list), double, bool
     * @param distribution uniform or zipfian (int only)
     * @param min          int/double lower bound (inclusive); timestamp: seconds before now
     * @param max          int/double upper bound (inclusive); timestamp: seconds before now
     * @param length       string length
     * @param skew         zipfian exponent (0.99 by default, as in YCSB)
     * @param values       text: pick uniformly from these
     */
    public record ParamSpec(String type, String distribution, double min, double max, int length, double skew,
                            List<String> values) {
        public ParamSpec {
            values = values == null ? List.of() : List.copyOf(values);
        }
    }
}
