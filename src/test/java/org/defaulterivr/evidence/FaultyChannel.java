package org.defaulterivr.evidence;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A spool file whose disk can fill up or fail: what the kernel reports to a real process. A write that runs out of
 * room writes what fits (a torn frame) and then fails with ENOSPC's message, as write(2) does; an fsync can fail with
 * EIO's. Everything else goes to the real file.
 */
final class FaultyChannel extends FileChannel {
    /** Shared by every channel a spool opens, so a test flips the disk of the whole spool. */
    static final class Disk {
        volatile long roomBytes = Long.MAX_VALUE;
        volatile boolean fsyncFails;
        /** How long each fsync takes on top of the real one: a slow or busy disk. */
        volatile long fsyncDelayMs;
        volatile boolean truncateFails;

        EvidenceSpool.Channels channels() {
            return file -> new FaultyChannel(EvidenceSpool.Channels.REAL.open(file), this);
        }

        void fill() {
            roomBytes = 0;
        }

        void roomFor(long bytes) {
            roomBytes = bytes;
        }

        void free() {
            roomBytes = Long.MAX_VALUE;
            fsyncFails = false;
            fsyncDelayMs = 0;
            truncateFails = false;
        }
    }

    private final FileChannel real;
    private final Disk disk;

    private FaultyChannel(FileChannel real, Disk disk) {
        this.real = real;
        this.disk = disk;
    }

    private int limitedWrite(ByteBuffer src, long position) throws IOException {
        long room = disk.roomBytes;
        if (src.remaining() <= room) {
            int written = real.write(src, position);
            if (room != Long.MAX_VALUE) {
                disk.roomBytes = room - written;
            }
            return written;
        }
        if (room > 0) {
            // the part that fits lands on disk: a torn frame
            ByteBuffer part = src.duplicate();
            part.limit(part.position() + (int) room);
            int written = real.write(part, position);
            src.position(src.position() + written);
            disk.roomBytes = 0;
            return written;
        }
        throw new IOException("No space left on device");
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        return limitedWrite(src, position);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int written = limitedWrite(src, real.position());
        real.position(real.position() + written);
        return written;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        if (disk.fsyncFails) {
            throw new IOException("Input/output error");
        }
        if (disk.fsyncDelayMs > 0) {
            try {
                Thread.sleep(disk.fsyncDelayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("fsync interrupted");
            }
        }
        real.force(metaData);
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        if (disk.truncateFails) {
            throw new IOException("Input/output error");
        }
        long before = real.size();
        real.truncate(size);
        if (disk.roomBytes != Long.MAX_VALUE && before > size) {
            disk.roomBytes += before - size;
        }
        return this;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return real.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return real.read(dsts, offset, length);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        throw new UnsupportedOperationException("the spool writes one buffer at a time");
    }

    @Override
    public long position() throws IOException {
        return real.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        real.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return real.size();
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return real.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        return real.transferFrom(src, position, count);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return real.read(dst, position);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return real.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return real.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return real.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        real.close();
    }
}
