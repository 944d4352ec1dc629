package io.camelhydra.component.hydra.runtime.docker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * One attach connection to a created container: stdin goes out, the engine's multiplexed stdout/stderr frames come
 * back, on the same socket.
 * <p>
 * Why not docker-java's attach: its transports never half-close the socket when the stdin stream ends, so a process
 * reading stdin ({@code cat}, {@code tr}) never sees end-of-file. Here the attach request is written by hand on a raw
 * connection and {@link #closeStdin()} shuts down only the sending half, which the engine turns into EOF on the
 * container's stdin (the container must be created with StdinOnce). Everything else still goes through docker-java.
 * <p>
 * Reading ({@link #frames()}) and writing ({@link #stdin()}) may happen on two threads at once. The streams talk to
 * the channel directly because the JDK's {@code Channels.newInputStream/newOutputStream} serialise reads and writes on
 * one lock, which deadlocks full-duplex use.
 */
final class HijackedAttach implements AutoCloseable {

    private final SocketChannel channel;
    private final InputStream frames;
    private final OutputStream stdin;

    private HijackedAttach(SocketChannel channel) {
        this.channel = channel;
        this.frames = new ChannelInput(channel);
        this.stdin = new ChannelOutput(channel);
    }

    /**
     * Attaches to stdin, stdout and stderr of a created (not yet started) container and returns once the engine has
     * switched the connection to the raw stream, so no output of the process can be missed.
     */
    static HijackedAttach open(EngineAddress engine, String containerId) throws IOException {
        SocketChannel channel = engine.connect();
        try {
            String request = "POST /containers/" + containerId
                    + "/attach?stream=1&stdin=1&stdout=1&stderr=1 HTTP/1.1\r\n"
                    + "Host: docker\r\n"
                    + "User-Agent: camel-hydra\r\n"
                    + "Content-Type: text/plain\r\n"
                    + "Content-Length: 0\r\n"
                    + "Connection: Upgrade\r\n"
                    + "Upgrade: tcp\r\n\r\n";
            ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
            while (out.hasRemaining()) {
                channel.write(out);
            }
            String head = readResponseHead(channel);
            String statusLine = head.lines().findFirst().orElse("");
            if (!statusLine.contains(" 101 ") && !statusLine.contains(" 200 ")) {
                throw new IOException("engine refused to attach to container " + containerId + ": " + statusLine);
            }
            return new HijackedAttach(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Reads the HTTP response head one byte at a time: the raw stream follows the blank line immediately, and none of
     * it may be consumed here.
     */
    private static String readResponseHead(SocketChannel channel) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(256);
        ByteBuffer one = ByteBuffer.allocate(1);
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            one.clear();
            if (channel.read(one) < 0) {
                throw new IOException("engine closed the attach connection before answering");
            }
            byte b = one.get(0);
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (head.size() > 16 * 1024) {
                throw new IOException("engine sent an oversized attach response head");
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** The multiplexed stdout/stderr stream (8-byte frame headers, tty off). */
    InputStream frames() {
        return frames;
    }

    /** Bytes written here reach the container's stdin. */
    OutputStream stdin() {
        return stdin;
    }

    /** Ends the container's stdin: the process reads EOF. Output keeps flowing. */
    void closeStdin() throws IOException {
        if (channel.isOpen()) {
            channel.shutdownOutput();
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    private static final class ChannelInput extends InputStream {
        private final SocketChannel channel;

        ChannelInput(SocketChannel channel) {
            this.channel = channel;
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
            int n;
            do {
                n = channel.read(ByteBuffer.wrap(b, off, len));
            } while (n == 0);
            return n;
        }
    }

    private static final class ChannelOutput extends OutputStream {
        private final SocketChannel channel;

        ChannelOutput(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }
}
