package dev.stampede.http.persona;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stampede.core.config.ConfigException;
import dev.stampede.http.client.UploadBody;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request's {@code upload:} mapping: {@code file} (streamed from disk, relative to the persona file) or {@code size}
 * (generated on the fly), and optionally {@code field}, {@code filename}, {@code content_type} and {@code fields} (text
 * parts before the file, templates rendered per request: {@link #fields}). A missing file is a
 * {@link ConfigException} naming the place and the path it looked at. Stateless.
 */
final class UploadParser {
    static final Set<String> KEYS = Set.of("file", "size", "field", "filename", "content_type", "fields");
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(b|kb|kib|k|mb|mib|m|gb|gib|g)?", Pattern.CASE_INSENSITIVE);

    private final PersonaParser parser;
    private final Path baseDir;

    UploadParser(PersonaParser parser, Path baseDir) {
        this.parser = parser;
        this.baseDir = baseDir;
    }

    UploadBody parse(JsonNode n, String path) {
        if (n == null || !n.isObject()) throw parser.bad(path, "a mapping with file (a path) or size (such as 10MiB)");
        n.fieldNames().forEachRemaining(k -> {
            if (!KEYS.contains(k)) throw parser.unknown(path + "." + k, k, KEYS, "upload key");
        });
        boolean file = n.has("file"), size = n.has("size");
        if (file == size) throw parser.bad(path, "exactly one of file (streamed from disk) or size (generated, such as 10MiB)");
        String field = parser.text(n, path, "field", "file");
        String contentType = parser.text(n, path, "content_type", "application/octet-stream");
        try {
            if (file) {
                String f = parser.text(n, path, "file", null);
                Path p = baseDir.resolve(f).toAbsolutePath().normalize();
                if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                    throw new ConfigException("upload file " + p + " (at " + parser.at(path + ".file") + ", " + path + ".file) does not exist or is "
                            + "not a readable file; give a path relative to the persona file, or size: N (such as 10MiB) to generate the content");
                }
                long bytes;
                try {
                    bytes = Files.size(p);
                } catch (IOException e) {
                    throw new ConfigException("upload file " + p + " (at " + parser.at(path + ".file") + ") cannot be read: " + e.getMessage());
                }
                return new UploadBody(field, parser.text(n, path, "filename", p.getFileName().toString()), contentType, p, bytes);
            }
            long bytes = bytes(parser.text(n, path, "size", null));
            if (bytes < 0) throw parser.bad(path + ".size", "a size such as 1048576, 512KiB, 10MiB or 1GB (got '" + n.get("size").asText() + "')");
            return UploadBody.generated(field, parser.text(n, path, "filename", "generated.bin"), contentType, bytes);
        } catch (IllegalArgumentException e) {
            throw parser.bad(path, "a field and filename without quotes or line breaks (" + e.getMessage() + ")");
        }
    }

    /**
     * {@code fields}: a mapping of form field name to a scalar value template ({@code {patient_id: "${vu}", note: x}}),
     * in order; empty when absent.
     */
    java.util.Map<String, Template> fields(JsonNode n, String path) {
        JsonNode f = n == null ? null : n.get("fields");
        if (f != null && !f.isNull() && !f.isObject()) {
            throw parser.bad(path + ".fields", "a mapping of form field name to value, such as {patient_id: \"${vu}\"}");
        }
        java.util.Map<String, Template> out = parser.templates(f, path + ".fields");
        for (String name : out.keySet()) {
            if (!UploadBody.headerSafe(name)) throw parser.bad(path + ".fields." + name, "a field name without quotes or line breaks");
        }
        return out;
    }

    /** Bytes of a size text: a plain number is bytes; KB/MB/GB are powers of 1000, KiB/MiB/GiB (and K/M/G) of 1024. -1 when malformed. */
    static long bytes(String text) {
        if (text == null) return -1;
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) return -1;
        double v = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        double factor = switch (unit) {
            case "b" -> 1;
            case "kb" -> 1e3;
            case "mb" -> 1e6;
            case "gb" -> 1e9;
            case "k", "kib" -> 1024;
            case "m", "mib" -> 1024 * 1024;
            default -> 1024L * 1024 * 1024;
        };
        double b = v * factor;
        return b > Long.MAX_VALUE / 2 ? -1 : (long) b;
    }
}
