package dev.stampede.http.demo;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts the bytes of each part of a multipart/form-data body as it streams past, without keeping it: the delimiter
 * {@code CRLF--boundary} is searched for with Knuth-Morris-Pratt, so a delimiter split across chunks is found and
 * bytes that only looked like its start are counted as content. Only the current part's headers (at most 16 KiB)
 * are held. This is the reference server's own count of what arrived, independent of the client's. One body, one
 * event loop thread; not thread-safe.
 */
final class MultipartCounter {
    private static final int MAX_HEADERS = 16 * 1024;
    private static final Pattern FILENAME = Pattern.compile("filename=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern NAME = Pattern.compile("(?:^|[;\\s])name=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    /** Text fields kept (name and value), and bytes kept of each value: the answer echoes them, nothing more is held. */
    static final int MAX_FIELDS = 32, MAX_FIELD_BYTES = 1024;

    private enum State { PREAMBLE, AFTER_DELIMITER, HEADERS, DATA, END, BAD }

    private final byte[] delimiter;
    private final int[] fail;
    private State state = State.PREAMBLE;
    private int matched;
    private final byte[] after = new byte[2];
    private int afterLen;
    private final StringBuilder headers = new StringBuilder();
    private boolean partIsFile;
    private long partBytes;
    private long files;
    private long fileBytes;
    private long parts;
    private String problem;
    private String partName;
    private final java.io.ByteArrayOutputStream value = new java.io.ByteArrayOutputStream();
    private final java.util.Map<String, String> fields = new java.util.LinkedHashMap<>();

    MultipartCounter(String boundary) {
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        this.fail = failure(delimiter);
        this.matched = 2; // the body may start with "--boundary": as if a CRLF came before it
    }

    /** The boundary parameter of a multipart/form-data Content-Type, or null. */
    static String boundary(String contentType) {
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) return null;
        Matcher m = Pattern.compile("boundary=\"?([^\";]+)\"?", Pattern.CASE_INSENSITIVE).matcher(contentType);
        return m.find() ? m.group(1) : null;
    }

    private static int[] failure(byte[] p) {
        int[] f = new int[p.length];
        for (int i = 1, k = 0; i < p.length; i++) {
            while (k > 0 && p[i] != p[k]) k = f[k - 1];
            if (p[i] == p[k]) k++;
            f[i] = k;
        }
        return f;
    }

    void feed(ByteBuf buf) {
        buf.forEachByte(b -> {
            feed(b);
            return state != State.BAD;
        });
    }

    private void feed(byte b) {
        switch (state) {
            case PREAMBLE, DATA -> {
                int before = matched;
                int m = matched;
                while (m > 0 && delimiter[m] != b) m = fail[m - 1];
                if (delimiter[m] == b) m++;
                if (state == State.DATA) {
                    int released = before + 1 - m;   // bytes now known to be content: the old partial match, then b
                    partBytes += released;
                    if (!partIsFile && value.size() < MAX_FIELD_BYTES) {
                        for (int i = 0; i < released && value.size() < MAX_FIELD_BYTES; i++) value.write(i < before ? delimiter[i] : b);
                    }
                }
                if (m == delimiter.length) {
                    if (state == State.DATA) endPart();
                    state = State.AFTER_DELIMITER;
                    afterLen = 0;
                    m = 0;
                }
                matched = m;
            }
            case AFTER_DELIMITER -> {
                after[afterLen++] = b;
                if (afterLen == 2) {
                    if (after[0] == '-' && after[1] == '-') state = State.END;
                    else if (after[0] == '\r' && after[1] == '\n') {
                        state = State.HEADERS;
                        headers.setLength(0);
                    } else bad("a delimiter not followed by CRLF or --");
                }
            }
            case HEADERS -> {
                headers.append((char) (b & 0xff));
                int n = headers.length();
                if (n > MAX_HEADERS) bad("part headers over " + MAX_HEADERS + " bytes");
                else if (n >= 4 && headers.charAt(n - 4) == '\r' && headers.charAt(n - 3) == '\n' && headers.charAt(n - 2) == '\r'
                        && headers.charAt(n - 1) == '\n') {
                    partIsFile = FILENAME.matcher(headers).find();
                    Matcher nm = NAME.matcher(headers);
                    partName = nm.find() ? nm.group(1) : "";
                    value.reset();
                    partBytes = 0;
                    matched = 0;
                    state = State.DATA;
                }
            }
            case END, BAD -> {
            }
        }
    }

    private void endPart() {
        parts++;
        if (partIsFile) {
            files++;
            fileBytes += partBytes;
        } else if (fields.size() < MAX_FIELDS) {
            fields.put(partName, value.toString(StandardCharsets.UTF_8));
        }
    }

    private void bad(String why) {
        state = State.BAD;
        problem = why;
    }

    /** Null when the body ended well (closing delimiter seen), else what is wrong. */
    String problem() {
        if (problem != null) return problem;
        if (state != State.END) return "the body ended before the closing delimiter (state " + state.name().toLowerCase(java.util.Locale.ROOT) + ")";
        return null;
    }

    long parts() { return parts; }

    long files() { return files; }

    /** The text parts (no filename) by name, in order: at most {@value #MAX_FIELDS}, each value cut at {@value #MAX_FIELD_BYTES} bytes. */
    java.util.Map<String, String> fields() { return fields; }

    /** Content bytes of the parts with a filename, framing excluded. */
    long fileBytes() { return fileBytes; }
}
