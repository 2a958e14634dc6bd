package org.defaulterivr.api.audit;

import io.vertx.core.buffer.Buffer;
import java.io.OutputStream;

/** Collects what a writer produces until {@link #take} hands it over as a Vert.x buffer. */
final class BufferOutputStream extends OutputStream {
    private Buffer buffer = Buffer.buffer(1024);

    @Override
    public void write(int b) {
        buffer.appendByte((byte) b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        buffer.appendBytes(bytes, offset, length);
    }

    /** What was written since the last take. */
    Buffer take() {
        Buffer taken = buffer;
        buffer = Buffer.buffer(1024);
        return taken;
    }
}
