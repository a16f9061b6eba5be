package dev.stampede.http;

import dev.stampede.core.config.ConfigException;
import dev.stampede.http.client.UploadBody;
import dev.stampede.http.persona.Persona;
import dev.stampede.http.persona.PersonaParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The persona file's {@code upload:} key: sizes, files relative to the persona file, and the mistakes. */
class UploadStepTest {
    @TempDir
    Path dir;

    private List<Persona> parse(String upload) throws Exception {
        Path f = dir.resolve("p.yaml");
        Files.writeString(f, """
                personas:
                  - name: up
                    tasks:
                      - name: upload
                        request: {method: POST, path: /api/files, upload: %s}
                """.formatted(upload));
        return PersonaParser.file(f);
    }

    private UploadBody upload(String spec) throws Exception {
        return parse(spec).get(0).tasks().get(0).upload();
    }

    @Test
    void sizesInBytesDecimalAndBinaryUnits() throws Exception {
        assertThat(upload("{size: 1000}").size()).isEqualTo(1000);
        assertThat(upload("{size: 10MB}").size()).isEqualTo(10_000_000);
        assertThat(upload("{size: 10MiB}").size()).isEqualTo(10 * 1024 * 1024);
        assertThat(upload("{size: 1.5KiB}").size()).isEqualTo(1536);
        UploadBody u = upload("{size: 2k, field: doc, filename: a.txt, content_type: text/plain}");
        assertThat(u.file()).isNull();
        assertThat(u.field()).isEqualTo("doc");
        assertThat(u.filename()).isEqualTo("a.txt");
        assertThat(u.contentType()).isEqualTo("text/plain");
    }

    @Test
    void aFilenameWithVariablesIsATemplateRenderedPerUserAndAFixedOneIsNot() throws Exception {
        dev.stampede.http.persona.Step templated = parse("{size: 10, filename: \"notes-${vu}.txt\"}").get(0).tasks().get(0);
        assertThat(templated.uploadName()).isNotNull();
        assertThat(templated.uploadName().render(v -> null, new java.util.SplittableRandom(1), 7, v -> v)).isEqualTo("notes-7.txt");
        assertThat(parse("{size: 10, filename: a.bin}").get(0).tasks().get(0).uploadName()).isNull();
    }

    @Test
    void aFileIsResolvedBesideThePersonaFileAndSizedOnce() throws Exception {
        Files.write(dir.resolve("data.bin"), new byte[12345]);
        UploadBody u = upload("{file: data.bin}");
        assertThat(u.file()).isEqualTo(dir.resolve("data.bin").toAbsolutePath().normalize());
        assertThat(u.size()).isEqualTo(12345);
        assertThat(u.filename()).isEqualTo("data.bin");
    }

    @Test
    void mistakesNameThePlaceAndTheFix() {
        assertThatThrownBy(() -> upload("{file: missing.bin}")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("missing.bin").hasMessageContaining("does not exist").hasMessageContaining("line 5")
                .hasMessageContaining("size: N");
        assertThatThrownBy(() -> upload("{size: lots}")).isInstanceOf(ConfigException.class).hasMessageContaining("10MiB");
        assertThatThrownBy(() -> upload("{size: 1, file: x}")).isInstanceOf(ConfigException.class).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> upload("{sise: 1}")).isInstanceOf(ConfigException.class).hasMessageContaining("did you mean 'size'");
        assertThatThrownBy(() -> PersonaParser.file(write("request: {path: /x, upload: {size: 1}}")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("POST, PUT or PATCH");
        assertThatThrownBy(() -> PersonaParser.file(write("request: {method: POST, path: /x, body: a, upload: {size: 1}}")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("either upload or json/body");
    }

    private Path write(String step) throws Exception {
        Path f = dir.resolve("q.yaml");
        Files.writeString(f, "personas:\n  - name: up\n    tasks:\n      - name: t\n        " + step + "\n");
        return f;
    }
}
