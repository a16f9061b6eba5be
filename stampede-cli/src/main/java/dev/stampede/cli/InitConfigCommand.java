package dev.stampede.cli;

import dev.stampede.core.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code stampede init-config FILE}: writes the commented sample configuration (seed 001's --create-config). */
@Command(name = "init-config", mixinStandardHelpOptions = true,
        description = "Write a commented sample configuration file (YAML; JSON when FILE ends in .json).")
public final class InitConfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Where to write it.")
    Path file;

    @Option(names = "--force", description = "Overwrite FILE if it exists.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        if (Files.exists(file) && !force) {
            throw new ConfigException(file + " already exists; choose another name or add --force to overwrite it");
        }
        boolean json = file.getFileName().toString().endsWith(".json");
        String resource = json ? "sample-config.json" : "sample-config.yaml";
        try (InputStream in = InitConfigCommand.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("sample configuration missing from the jar: " + resource);
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Files.write(file, in.readAllBytes());
        }
        spec.commandLine().getOut().println("Wrote " + file + ". Edit it, then run: stampede run --config " + file);
        return ExitCodes.PASSED;
    }
}
