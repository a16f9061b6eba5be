package dev.stampede.http.demo;

import dev.stampede.http.client.MultipartInput;
import dev.stampede.http.client.UploadBody;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The server's streaming multipart count against bodies cut at every kind of place, and the client's encoder. */
class MultipartCounterTest {

    private static MultipartCounter feedInPieces(byte[] body, String boundary, long seed) {
        MultipartCounter c = new MultipartCounter(boundary);
        SplittableRandom r = new SplittableRandom(seed);
        int at = 0;
        while (at < body.length) {
            int n = Math.min(body.length - at, 1 + r.nextInt(7));
            c.feed(Unpooled.wrappedBuffer(body, at, n));
            at += n;
        }
        return c;
    }

    @Test
    void countsFilePartsWhateverTheChunkingAndContentThatLooksLikeTheDelimiter() {
        String b = "XyZ";
        // content holding the delimiter's start ("\r\n--Xy") and a full "--XyZ" without the leading CRLF
        String content = "a\r\n--Xy\r\n-\r\n--XyQ--XyZ end";
        String body = "preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n--XyZ\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"f.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                + content + "\r\n--XyZ--\r\nepilogue";
        for (long seed = 0; seed < 50; seed++) {
            MultipartCounter c = feedInPieces(body.getBytes(StandardCharsets.ISO_8859_1), b, seed);
            assertThat(c.problem()).isNull();
            assertThat(c.parts()).isEqualTo(2);
            assertThat(c.files()).isEqualTo(1);
            assertThat(c.fileBytes()).isEqualTo(content.length());
            assertThat(c.fields()).containsExactly(java.util.Map.entry("note", "hello"));
        }
    }

    @Test
    void theClientsTextFieldsGoBeforeTheFileAndAHeadLongerThanAChunkIsSentWhole() throws Exception {
        String longValue = "v".repeat(MultipartInput.CHUNK + 100);   // a head over one chunk
        UploadBody body = UploadBody.generated("file", "g.bin", "application/octet-stream", 1000)
                .withFields(java.util.List.of(java.util.Map.entry("patient_id", "42"), java.util.Map.entry("note", "x\r\n--bnd-"),
                        java.util.Map.entry("long", longValue)));
        MultipartInput in = new MultipartInput(body, "bnd-1");
        MultipartCounter c = new MultipartCounter("bnd-1");
        long total = drain(in, c);
        assertThat(total).isEqualTo(in.length());
        assertThat(c.problem()).isNull();
        assertThat(c.parts()).isEqualTo(4);
        assertThat(c.files()).isEqualTo(1);
        assertThat(c.fileBytes()).isEqualTo(1000);
        assertThat(c.fields()).containsEntry("patient_id", "42").containsEntry("note", "x\r\n--bnd-");
        assertThat(c.fields().get("long")).hasSize(MultipartCounter.MAX_FIELD_BYTES);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> body.withFields(java.util.List.of(java.util.Map.entry("a\"b", "v"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("quotes or line breaks");
    }

    /** Feeds the client's whole body to the counter chunk by chunk; the bytes it produced. */
    private static long drain(MultipartInput in, MultipartCounter c) throws Exception {
        long total = 0;
        while (!in.isEndOfInput()) {
            ByteBuf chunk = in.readChunk(ByteBufAllocator.DEFAULT);
            assertThat(chunk.readableBytes()).isLessThanOrEqualTo(MultipartInput.CHUNK);
            total += chunk.readableBytes();
            c.feed(chunk);
            chunk.release();
        }
        in.close();
        return total;
    }

    @Test
    void aTruncatedBodyIsAProblem() {
        String body = "--B\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x\"\r\n\r\nabc\r\n--B";
        MultipartCounter c = feedInPieces(body.getBytes(StandardCharsets.ISO_8859_1), "B", 1);
        assertThat(c.problem()).contains("closing delimiter");
    }

    @Test
    void theClientsGeneratedBodyIsCountedExactly() throws Exception {
        long size = 3 * MultipartInput.CHUNK + 17;
        MultipartInput in = new MultipartInput(UploadBody.generated("file", "g.bin", "application/octet-stream", size), "bnd-1");
        MultipartCounter c = new MultipartCounter("bnd-1");
        long total = drain(in, c);
        assertThat(total).isEqualTo(in.length());
        assertThat(c.problem()).isNull();
        assertThat(c.fileBytes()).isEqualTo(size);
        assertThat(MultipartCounter.boundary("multipart/form-data; boundary=bnd-1")).isEqualTo("bnd-1");
        assertThat(MultipartCounter.boundary("application/json")).isNull();
    }
}
