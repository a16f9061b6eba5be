package dev.stampede.core.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Path;

/** Writes the complete report as JSON ({@code report.json}), snake_case keys, with a schema version. */
public final class JsonReportWriter {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private JsonReportWriter() {
    }

    public static Path write(RunReport report, Path dir) throws IOException {
        Path file = dir.resolve("report.json");
        MAPPER.writeValue(file.toFile(), report);
        return file;
    }

    /** The mapper, for tests and tools that read reports back. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
