package io.github.classiczoo.core.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A read-only channel over {@code size} bytes read by position ({@link #readAt}): bytes in memory, or a file on another
 * filesystem, handed to {@link ImageFile#inspect(String, SeekableByteChannel)}. Closing it does not close what it reads.
 */
public abstract class ReadOnlyChannel implements SeekableByteChannel {

    private final long size;
    private long pos;

    protected ReadOnlyChannel(long size) {
        this.size = size;
    }

    /** Reads up to {@code len} bytes at {@code position} into {@code b}; returns how many (at least 1 before the end). */
    protected abstract int readAt(long position, byte[] b, int off, int len) throws IOException;

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (pos >= size) {
            return -1;
        }
        byte[] b = new byte[(int) Math.min(dst.remaining(), Math.min(size - pos, 1 << 16))];
        int n = readAt(pos, b, 0, b.length);
        if (n > 0) {
            dst.put(b, 0, n);
            pos += n;
        }
        return n;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long position() {
        return pos;
    }

    @Override
    public SeekableByteChannel position(long p) {
        pos = p;
        return this;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public SeekableByteChannel truncate(long s) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void close() {
        // what it reads belongs to its owner
    }
}
