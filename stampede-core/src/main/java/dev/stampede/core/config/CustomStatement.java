package dev.stampede.core.config;

import java.util.List;
import java.util.Map;

/**
 * One named statement of a {@code custom} workload. Parameters are written {@code :name} in the SQL
 * and always bound, never spliced into the text.
 *
 * @param sql         the statement; null when {@code transaction} is given
 * @param weight      relative frequency among the workload's statements
 * @param transaction statements run in order in one transaction (retried as a whole on serialization failures and
 *                    deadlocks); the columns of the rows a statement returns become {@code :variables} for the
 *                    statements after it. Empty for a single statement.
 */
public record CustomStatement(String name, String sql, double weight, Map<String, ParamSpec> params, List<String> transaction) {
    public CustomStatement {
        params = Map.copyOf(params);
        transaction = transaction == null ? List.of() : List.copyOf(transaction);
    }

    public CustomStatement(String name, String sql, double weight, Map<String, ParamSpec> params) {
        this(name, sql, weight, params, List.of());
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
