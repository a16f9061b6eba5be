package dev.stampede.http.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;

/**
 * A multipart/form-data body of text fields and one file part, produced chunk by chunk for Netty's
 * {@code ChunkedWriteHandler} or {@link Http2Upload}: the text fields and the file part's head, then the content in chunks of at most {@link #CHUNK} bytes (read from the file, or a generated pattern),
 * then the closing delimiter. The handler asks for the next chunk only while the channel is writable, so at most a few
 * chunks are in memory whatever the size. Its {@link #length()} is known up front (the request's Content-Length).
 * Event loop thread only; closes its file when done or when the write fails.
 */
public final class MultipartInput implements ChunkedInput<ByteBuf> {
    /** Bytes per chunk. */
    public static final int CHUNK = 64 * 1024;
    private static final byte[] PATTERN = pattern();
    /** The pattern repeated over a chunk and one more period, so that any chunk of generated content is one copy from it. */
    private static final byte[] REPEATED = repeated();

    private final byte[] head;
    private final byte[] tail;
    private final long contentLength;
    private final FileChannel file;
    private long contentSent;
    private int headSent;
    private int tailSent;

    /**
     * @throws IOException when the upload's file cannot be opened, or its size changed since the step was compiled
     */
    public MultipartInput(UploadBody body, String boundary) throws IOException {
        StringBuilder h = new StringBuilder();
        for (java.util.Map.Entry<String, String> f : body.fields()) {
            h.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(f.getKey())
                    .append("\"\r\n\r\n").append(f.getValue()).append("\r\n");
        }
        h.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(body.field()).append("\"; filename=\"")
                .append(body.filename()).append("\"\r\nContent-Type: ").append(body.contentType()).append("\r\n\r\n");
        this.head = h.toString().getBytes(StandardCharsets.UTF_8);
        this.tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        this.contentLength = body.size();
        if (body.file() != null) {
            this.file = FileChannel.open(body.file(), StandardOpenOption.READ);
            long now = file.size();
            if (now != body.size()) {
                file.close();
                throw new IOException("upload file " + body.file() + " is " + now + " bytes now, " + body.size() + " when the run started");
            }
        } else {
            this.file = null;
        }
    }

    /** The generated content's byte at offset {@code i}: a repeating printable pattern, so a server can check it. */
    public static byte generatedByte(long i) {
        return PATTERN[(int) (i % PATTERN.length)];
    }

    private static byte[] repeated() {
        byte[] r = new byte[CHUNK + PATTERN.length];
        for (int i = 0; i < r.length; i++) r[i] = PATTERN[i % PATTERN.length];
        return r;
    }

    private static byte[] pattern() {
        byte[] p = new byte[251]; // a prime, so the pattern does not line up with chunk sizes
        for (int i = 0; i < p.length; i++) p[i] = (byte) ('!' + i % 94);
        return p;
    }

    /** The whole body in bytes: part head, content and closing delimiter. */
    @Override
    public long length() { return head.length + contentLength + tail.length; }

    @Override
    public long progress() { return headSent + contentSent + tailSent; }

    @Override
    public boolean isEndOfInput() { return tailSent == tail.length; }

    @Override
    public void close() throws Exception {
        if (file != null) file.close();
    }

    @Deprecated
    @Override
    public ByteBuf readChunk(ChannelHandlerContext ctx) throws Exception {
        return readChunk(ctx.alloc());
    }

    @Override
    public ByteBuf readChunk(ByteBufAllocator alloc) throws Exception {
        if (isEndOfInput()) return null;
        ByteBuf b = alloc.buffer(CHUNK);
        boolean ok = false;
        try {
            if (headSent < head.length) {
                int n = Math.min(head.length - headSent, b.writableBytes());
                b.writeBytes(head, headSent, n);
                headSent += n;
            }
            // a head longer than a chunk (long text fields) goes out whole before any content
            while (headSent == head.length && contentSent < contentLength && b.writableBytes() > 0 && b.writerIndex() < CHUNK) {
                int n = (int) Math.min(contentLength - contentSent, CHUNK - b.writerIndex());
                if (file != null) {
                    int read = b.writeBytes(file, contentSent, n);
                    if (read < 0) throw new IOException("upload file ended after " + contentSent + " of " + contentLength + " bytes");
                    contentSent += read;
                } else {
                    b.writeBytes(REPEATED, (int) (contentSent % PATTERN.length), n); // n <= CHUNK
                    contentSent += n;
                }
            }
            if (headSent == head.length && contentSent == contentLength && b.writerIndex() < CHUNK) {
                int n = Math.min(tail.length - tailSent, CHUNK - b.writerIndex());
                b.writeBytes(tail, tailSent, n);
                tailSent += n;
            }
            ok = true;
            return b;
        } finally {
            if (!ok) b.release();
        }
    }
}
