package dev.stampede.core.fault;

import java.nio.ByteBuffer;

/**
 * Bytes a {@link FaultProxy} holds back in one direction: their buffer, when they were read and when they may go.
 * {@code blocked} is set while the destination's socket buffer is full (wait for OP_WRITE). Confined to the proxy's
 * thread.
 */
final class HeldChunk {
    final ByteBuffer buf;
    final long readAt, releaseAt;
    boolean blocked;

    HeldChunk(ByteBuffer buf, long readAt, long releaseAt) {
        this.buf = buf;
        this.readAt = readAt;
        this.releaseAt = releaseAt;
    }
}

