package dev.stampede.core.shard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A bundle as one stream: zip, and the framed base64 block a pod's log carries. */
class BundleArchiveTest {
    @TempDir
    Path tmp;

    @Test
    void aFramedBundleAmidLogLinesComesBackFileForFileAndMergesAsTheDirectory() throws IOException {
        BundleFixture f = new BundleFixture();
        Path dir = f.write(tmp.resolve("shard"), 0, 1, BundleFixture.plan(100), 20, 4, true, 1);
        Files.writeString(dir.resolve("report.md"), "not part of the bundle");
        StringWriter log = new StringWriter();
        try (PrintWriter out = new PrintWriter(log)) {
            out.println("Scenario steady-load: ...");
            BundleArchive.frame(dir, out);
            out.println("stampede: exit 0");
        }
        Path back = tmp.resolve("back");
        BundleArchive.unframe(new BufferedReader(new StringReader(log.toString())), back);
        for (String name : new String[]{"bundle.json", "plans.json", "intervals/01-steady-load.hlog", "intervals/01-steady-load.counts.csv",
                "scenarios/01-steady-load.json", "totals/01-steady-load.hlog"}) {
            assertThat(back.resolve(name)).hasSameBinaryContentAs(dir.resolve(name));
        }
        assertThat(back.resolve("report.md")).doesNotExist();
        // the log file itself is a bundle for merge
        Path logFile = tmp.resolve("pod.log");
        Files.writeString(logFile, log.toString());
        ShardMerge m = ShardMerge.of(java.util.List.of(ShardBundle.open(logFile, tmp)), BundleFixture.VERSION,
                new ShardMerge.Options(false, java.time.Duration.ofMillis(500)));
        assertThat(m.scenarios().get(0).run().metrics().all().attempts()).isEqualTo(80);
    }

    @Test
    void aTruncatedOrDamagedBlockIsRefusedWithWhatWasExpected() throws IOException {
        BundleFixture f = new BundleFixture();
        Path dir = f.write(tmp.resolve("shard"), 0, 1, BundleFixture.plan(100), 20, 2, true, 1);
        StringWriter log = new StringWriter();
        BundleArchive.frame(dir, new PrintWriter(log));
        String text = log.toString();
        String cut = text.substring(0, text.indexOf(BundleArchive.END));
        assertThatThrownBy(() -> BundleArchive.unframe(new BufferedReader(new StringReader(cut)), tmp.resolve("x")))
                .isInstanceOf(IOException.class).hasMessageContaining("no complete bundle block");
        String[] lines = text.split("\n");
        char c = lines[1].charAt(10);
        lines[1] = lines[1].substring(0, 10) + (c == 'A' ? 'B' : 'A') + lines[1].substring(11);
        assertThatThrownBy(() -> BundleArchive.unframe(new BufferedReader(new StringReader(String.join("\n", lines))), tmp.resolve("y")))
                .isInstanceOf(IOException.class).hasMessageContaining("the bundle block is damaged: expected ");
    }

    @Test
    void anArchiveEntryOutsideTheBundleIsRefused() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("../evil"));
            zip.write(1);
            zip.closeEntry();
        }
        assertThatThrownBy(() -> BundleArchive.unpack(new java.io.ByteArrayInputStream(bytes.toByteArray()), tmp.resolve("z")))
                .isInstanceOf(IOException.class).hasMessageContaining("points outside the bundle");
    }
}
