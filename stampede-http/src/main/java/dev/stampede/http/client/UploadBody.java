package dev.stampede.http.client;

import java.nio.file.Path;

/**
 * One file part of a multipart/form-data upload: its content comes from a file on disk (read in chunks while it is
 * written) or is generated on the fly, {@code size} bytes of a repeating pattern. Never held whole in memory: each
 * send makes a fresh {@link MultipartInput} that produces 64 KiB chunks as the socket takes them. Immutable.
 *
 * @param field       the form field name ({@code name=} of the part)
 * @param filename    the part's file name
 * @param contentType the part's Content-Type
 * @param file        the file to stream, or null for generated content
 * @param size        content bytes: the file's size when the step was compiled, or the generated size
 */
public record UploadBody(String field, String filename, String contentType, Path file, long size) {
    public UploadBody {
        if (size < 0) throw new IllegalArgumentException("upload size " + size + " < 0");
        if (field.indexOf('"') >= 0 || filename.indexOf('"') >= 0 || field.indexOf('\r') >= 0 || filename.indexOf('\r') >= 0
                || field.indexOf('\n') >= 0 || filename.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("upload field and filename may not contain quotes or line breaks");
        }
    }

    /** Generated content of {@code size} bytes. */
    public static UploadBody generated(String field, String filename, String contentType, long size) {
        return new UploadBody(field, filename, contentType, null, size);
    }

    /** The same part under another file name (a persona's templated name, rendered for one request). */
    public UploadBody withFilename(String name) {
        return new UploadBody(field, name, contentType, file, size);
    }
}
