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
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            // durations read as users write them ("30s"), never a crash on a java.time type
            .registerModule(new com.fasterxml.jackson.databind.module.SimpleModule()
                    .addSerializer(java.time.Duration.class, new com.fasterxml.jackson.databind.JsonSerializer<>() {
                        @Override
                        public void serialize(java.time.Duration d, com.fasterxml.jackson.core.JsonGenerator g,
                                              com.fasterxml.jackson.databind.SerializerProvider p) throws IOException {
                            g.writeString(dev.stampede.core.config.Durations.format(d));
                        }
                    }));

    private JsonReportWriter() {
    }

    public static Path write(RunReport report, Path dir) throws IOException {
        return write(report, dir, "report.json");
    }

    /** Writes the report to {@code name} in {@code dir} ({@code --output results.json} names the file). */
    public static Path write(RunReport report, Path dir, String name) throws IOException {
        Path file = dir.resolve(name);
        MAPPER.writeValue(file.toFile(), report);
        return file;
    }

    /** The report as the JSON tree report.json holds (what a comparison reads before the file is written). */
    public static com.fasterxml.jackson.databind.JsonNode tree(RunReport report) {
        return MAPPER.valueToTree(report);
    }
}
