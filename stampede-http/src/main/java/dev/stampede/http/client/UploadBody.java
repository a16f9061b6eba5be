package dev.stampede.http.client;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A multipart/form-data upload: optional text fields, then one file part whose content comes from a file on disk
 * (read in chunks while it is written) or is generated on the fly, {@code size} bytes of a repeating pattern. The file
 * is never held whole in memory: each send makes a fresh {@link MultipartInput} that produces 64 KiB chunks as the
 * connection takes them. Immutable.
 *
 * @param field       the file part's form field name ({@code name=} of the part)
 * @param filename    the part's file name
 * @param contentType the part's Content-Type
 * @param file        the file to stream, or null for generated content
 * @param size        content bytes: the file's size when the step was compiled, or the generated size
 * @param fields      text parts sent before the file, in order: form field name and value (Locust's {@code data=}
 *                    beside {@code files=}); empty for none
 */
public record UploadBody(String field, String filename, String contentType, Path file, long size, List<Map.Entry<String, String>> fields) {
    public UploadBody {
        if (size < 0) throw new IllegalArgumentException("upload size " + size + " < 0");
        if (!headerSafe(field) || !headerSafe(filename)) {
            throw new IllegalArgumentException("upload field and filename may not contain quotes or line breaks");
        }
        fields = List.copyOf(fields);
        for (Map.Entry<String, String> f : fields) {
            if (!headerSafe(f.getKey())) throw new IllegalArgumentException("form field name '" + f.getKey() + "' may not contain quotes or line breaks");
        }
    }

    /** A file part without text fields. */
    public UploadBody(String field, String filename, String contentType, Path file, long size) {
        this(field, filename, contentType, file, size, List.of());
    }

    /** True when {@code s} can stand in a quoted Content-Disposition parameter: no quote, CR or LF. */
    public static boolean headerSafe(String s) {
        return s.indexOf('"') < 0 && s.indexOf('\r') < 0 && s.indexOf('\n') < 0;
    }

    /** Generated content of {@code size} bytes. */
    public static UploadBody generated(String field, String filename, String contentType, long size) {
        return new UploadBody(field, filename, contentType, null, size);
    }

    /** The same part under another file name (a persona's templated name, rendered for one request). */
    public UploadBody withFilename(String name) {
        return new UploadBody(field, name, contentType, file, size, fields);
    }

    /** The same upload with these text fields (a persona's templates, rendered for one request). */
    public UploadBody withFields(List<Map.Entry<String, String>> values) {
        return new UploadBody(field, filename, contentType, file, size, values);
    }
}
