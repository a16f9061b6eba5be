package dev.stampede.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code stampede integrity}: seed 000's data integrity checks on the schemas the user names, read-only. The work is
 * the target's ({@code integrity-check} action); this command parses the flags.
 */
@Command(name = "integrity", mixinStandardHelpOptions = true,
        description = {"Check the data of the schemas you name, read-only: rows whose foreign key has no parent (declared, and "
                + "--relation for undeclared ones), nulls (--not-null), duplicates (--unique), NOT VALID constraints, and index and "
                + "heap corruption with amcheck when it is installed. Writes integrity.json. Exit 0: nothing found; 1: findings "
                + "(each with its count and a sample key); 2: bad input."})
public final class IntegrityCommand extends TargetActionCommand implements Callable<Integer> {
    @Option(names = "--schema", paramLabel = "NAME", required = true, description = "A schema to check; repeatable.")
    List<String> schemas = new ArrayList<>();

    @Option(names = "--relation", paramLabel = "CHILD->PARENT", description = "An undeclared foreign key to check, as "
            + "table.column->table.column (schema.table.column also works); repeatable.")
    List<String> relations = new ArrayList<>();

    @Option(names = "--not-null", paramLabel = "TABLE.COLUMN", description = "A column that should hold no null; repeatable.")
    List<String> notNull = new ArrayList<>();

    @Option(names = "--unique", paramLabel = "TABLE.COLUMN", description = "A column whose values should be unique; repeatable.")
    List<String> unique = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Where integrity.json goes (default: stampede-results).")
    Path output;

    @Override
    public Integer call() throws Exception {
        Map<String, List<String>> options = new LinkedHashMap<>();
        options.put("schema", List.copyOf(schemas));
        options.put("relation", List.copyOf(relations));
        options.put("not-null", List.copyOf(notNull));
        options.put("unique", List.copyOf(unique));
        return runAction("integrity-check", options, output);
    }
}
