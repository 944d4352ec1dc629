package io.camelhydra.component.hydra.runtime.docker;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import io.camelhydra.component.hydra.runtime.StderrTail;

/**
 * Splits the engine's multiplexed attach stream (tty off) into stdout and stderr. Each frame is an 8-byte header
 * (stream type, three zero bytes, big-endian payload size) followed by the payload. Pull-based: the caller's thread
 * reads the socket and writes stdout straight into the sink, so a slow sink slows the container instead of filling
 * memory.
 */
final class FrameDemultiplexer {

    private static final int STDOUT = 1;
    private static final int STDERR = 2;

    private final byte[] header = new byte[8];
    private final byte[] buffer = new byte[64 * 1024];
    private long stdoutBytes;

    /**
     * Copies frames until the stream ends or stdout would grow past {@code maxStdoutBytes}.
     *
     * @return {@code true} when the stream ended, {@code false} when the output limit stopped the copy
     */
    boolean pump(InputStream frames, OutputStream stdout, StderrTail stderr, long maxStdoutBytes) throws IOException {
        while (true) {
            if (!readHeader(frames)) {
                return true;
            }
            int type = header[0];
            long size = ((header[4] & 0xffL) << 24) | ((header[5] & 0xffL) << 16) | ((header[6] & 0xffL) << 8)
                    | (header[7] & 0xffL);
            while (size > 0) {
                int n = frames.read(buffer, 0, (int) Math.min(buffer.length, size));
                if (n < 0) {
                    throw new EOFException("attach stream ended inside a frame");
                }
                size -= n;
                if (type == STDOUT) {
                    if (stdoutBytes + n > maxStdoutBytes) {
                        int allowed = (int) (maxStdoutBytes - stdoutBytes);
                        stdout.write(buffer, 0, allowed);
                        stdoutBytes += allowed;
                        return false;
                    }
                    stdout.write(buffer, 0, n);
                    stdoutBytes += n;
                } else if (type == STDERR) {
                    stderr.write(buffer, 0, n);
                }
                // other stream types (stdin echo) carry nothing for us
            }
        }
    }

    long stdoutBytes() {
        return stdoutBytes;
    }

    /** @return false at a clean end of stream before a new frame */
    private boolean readHeader(InputStream in) throws IOException {
        int read = 0;
        while (read < header.length) {
            int n = in.read(header, read, header.length - read);
            if (n < 0) {
                if (read == 0) {
                    return false;
                }
                throw new EOFException("attach stream ended inside a frame header");
            }
            read += n;
        }
        return true;
    }
}
