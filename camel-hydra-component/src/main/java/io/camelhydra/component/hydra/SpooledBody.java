package io.camelhydra.component.hydra;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Exchange;
import org.apache.camel.StreamCache;

/**
 * A function's output as a message body: a stream that can be read again ({@link StreamCache}), so Camel does not copy
 * it once more, backed by memory for small outputs or by an unlinked spool file for large ones. Copies share the
 * file; it is closed when the exchange that created it completes ({@link #release()}).
 */
public final class SpooledBody extends InputStream implements StreamCache {

    private final byte[] bytes;
    private final FileChannel file;
    private final long length;
    private final AtomicInteger users;
    private long position;
    private long mark;

    SpooledBody(byte[] bytes) {
        this(bytes, null, bytes.length, new AtomicInteger(1));
    }

    SpooledBody(FileChannel file, long length) {
        this(null, file, length, new AtomicInteger(1));
    }

    private SpooledBody(byte[] bytes, FileChannel file, long length, AtomicInteger users) {
        this.bytes = bytes;
        this.file = file;
        this.length = length;
        this.users = users;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (position >= length) {
            return -1;
        }
        int n = (int) Math.min(len, length - position);
        if (bytes != null) {
            System.arraycopy(bytes, (int) position, b, off, n);
        } else {
            n = file.read(ByteBuffer.wrap(b, off, n), position);
            if (n < 0) {
                return -1;
            }
        }
        position += n;
        return n;
    }

    @Override
    public long skip(long n) {
        long skipped = Math.max(0, Math.min(n, length - position));
        position += skipped;
        return skipped;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, length - position);
    }

    @Override
    public boolean markSupported() {
        return true;
    }

    @Override
    public synchronized void mark(int readLimit) {
        mark = position;
    }

    @Override
    public synchronized void reset() {
        // StreamCache.reset() means "from the start"; InputStream.reset() means "to the mark" (0 unless marked).
        position = mark;
    }

    /** Readers close the stream when done; the bytes stay until {@link #release()} so the body can be read again. */
    @Override
    public void close() {
        position = length;
    }

    /** Frees the spool file once nobody can read it any more. */
    void release() {
        if (file != null && users.decrementAndGet() == 0) {
            try {
                file.close();
            } catch (IOException ignored) {
                // the file is already unlinked; closing only returns its space
            }
        }
    }

    @Override
    public void writeTo(OutputStream os) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = read(buffer, 0, buffer.length)) > 0) {
            os.write(buffer, 0, n);
        }
    }

    @Override
    public StreamCache copy(Exchange exchange) {
        users.incrementAndGet();
        SpooledBody copy = new SpooledBody(bytes, file, length, users);
        if (exchange != null) {
            exchange.getExchangeExtension().addOnCompletion(new SpoolRelease(copy));
        }
        return copy;
    }

    @Override
    public boolean inMemory() {
        return file == null;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public long position() {
        return position;
    }
}
