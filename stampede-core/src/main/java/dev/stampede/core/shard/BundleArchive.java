package dev.stampede.core.shard;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A result bundle as one stream: a zip of the bundle directory's files ({@link #pack}, {@link #unpack}), and that zip
 * as a framed text block ({@link #frame}, {@link #unframe}) for a channel that carries only text, such as a pod's log:
 * a {@value #BEGIN} line with the byte count and SHA-256, the base64 in lines of 76 characters, an {@value #END}
 * line. Stateless.
 */
public final class BundleArchive {
    public static final String BEGIN = "-----BEGIN STAMPEDE BUNDLE-----";
    public static final String END = "-----END STAMPEDE BUNDLE-----";

    private BundleArchive() {
    }

    /**
     * Writes the bundle's files under {@code dir} (the manifest, the plans, {@code intervals/}, {@code scenarios/} and {@code totals/};
     * not the reports beside them) to {@code out} as a zip, relative names '/' separated.
     */
    public static void pack(Path dir, OutputStream out) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(out); Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                String name = dir.relativize(f).toString().replace('\\', '/');
                if (name.endsWith(".tmp") || !isBundleFile(name)) continue;
                zip.putNextEntry(new ZipEntry(name));
                Files.copy(f, zip);
                zip.closeEntry();
            }
        }
    }

    private static boolean isBundleFile(String name) {
        return name.equals(BundleManifest.FILE) || name.equals(BundlePlans.FILE) || name.startsWith(BundleWriter.INTERVALS + "/")
                || name.startsWith(BundleWriter.SCENARIOS + "/") || name.startsWith(BundleWriter.TOTALS + "/");
    }

    /**
     * Unpacks a zip written by {@link #pack} into {@code dir}.
     *
     * @throws IOException for an entry that would land outside {@code dir}, or a stream that is not a zip
     */
    public static void unpack(InputStream in, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path root = dir.toAbsolutePath().normalize();
        int entries = 0;
        try (ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                Path target = root.resolve(e.getName()).normalize();
                if (!target.startsWith(root)) throw new IOException("archive entry '" + e.getName() + "' points outside the bundle");
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                Files.copy(zip, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                entries++;
            }
        }
        if (entries == 0) throw new IOException("not a bundle archive (no zip entries)");
    }

    /** The bundle in {@code dir} as a framed block, printed to {@code out}. */
    public static void frame(Path dir, PrintWriter out) throws IOException {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        pack(dir, zip);
        byte[] bytes = zip.toByteArray();
        out.println(BEGIN + " " + bytes.length + " " + sha256(bytes));
        String b64 = Base64.getEncoder().encodeToString(bytes);
        for (int i = 0; i < b64.length(); i += 76) out.println(b64.substring(i, Math.min(b64.length(), i + 76)));
        out.println(END);
        out.flush();
    }

    /**
     * Finds the last framed block in {@code text} (a log: anything before and after it is ignored) and unpacks it.
     *
     * @throws IOException when there is no complete block, or its length or checksum do not match (a truncated log)
     */
    public static void unframe(BufferedReader text, Path dir) throws IOException {
        String header = null;
        List<String> body = null, last = null;
        String lastHeader = null;
        for (String line; (line = text.readLine()) != null; ) {
            String l = line.strip();
            if (l.startsWith(BEGIN)) {
                header = l;
                body = new ArrayList<>();
            } else if (l.equals(END) && body != null) {
                last = body;
                lastHeader = header;
                body = null;
            } else if (body != null) {
                body.add(l);
            }
        }
        if (last == null) throw new IOException("no complete bundle block (" + BEGIN + " ... " + END + ") in the log");
        String expected = lastHeader.substring(BEGIN.length()).trim();
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(String.join("", last));
        } catch (IllegalArgumentException e) {
            throw new IOException("the bundle block is damaged: expected " + expected + ", but its base64 does not decode (" + e.getMessage() + ")");
        }
        String[] h = expected.split(" ");
        if (h.length != 2 || !h[0].equals(Long.toString(bytes.length)) || !h[1].equals(sha256(bytes))) {
            throw new IOException("the bundle block is damaged: expected " + expected + ", got " + bytes.length + " bytes " + sha256(bytes));
        }
        unpack(new ByteArrayInputStream(bytes), dir);
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
