package io.camelhydra.component.hydra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where a function's stdout goes while the call runs, so that success can be judged from the exit code before anyone
 * sees the output. Holds up to a threshold in memory, then moves to a temporary file that is unlinked as soon as it is
 * created: the bytes live as long as the open channel, and no file is left behind even if the JVM dies.
 */
final class OutputSpool extends OutputStream {

    private final long threshold;
    private final Path directory;
    private ByteArrayOutputStream memory = new ByteArrayOutputStream(8192);
    private FileChannel file;
    private long size;
    private boolean handedOver;

    OutputSpool(long threshold, Path directory) {
        this.threshold = threshold;
        this.directory = directory;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (file == null && size + len > threshold) {
            moveToFile();
        }
        if (file != null) {
            ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
            while (buffer.hasRemaining()) {
                file.write(buffer);
            }
        } else {
            memory.write(b, off, len);
        }
        size += len;
    }

    private void moveToFile() throws IOException {
        Files.createDirectories(directory);
        Path path = Files.createTempFile(directory, "hydra-", ".spool");
        file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            Files.delete(path); // unlinked now, readable through the channel until it is closed
        } catch (IOException e) {
            path.toFile().deleteOnExit(); // platforms that cannot delete open files
        }
        ByteBuffer buffer = ByteBuffer.wrap(memory.toByteArray());
        while (buffer.hasRemaining()) {
            file.write(buffer);
        }
        memory = null;
    }

    long size() {
        return size;
    }

    /** The first bytes written, for checking the output's signature. */
    byte[] head(int length) throws IOException {
        int n = (int) Math.min(length, size);
        byte[] head = new byte[n];
        if (file == null) {
            System.arraycopy(memory.toByteArray(), 0, head, 0, n);
        } else {
            ByteBuffer buffer = ByteBuffer.wrap(head);
            while (buffer.hasRemaining() && file.read(buffer, buffer.position()) >= 0) {
                // positional read: does not move the write position
            }
        }
        return head;
    }

    /** Hands the bytes over as a re-readable body; the spool must not be written or discarded afterwards. */
    SpooledBody toBody() {
        handedOver = true;
        return file == null ? new SpooledBody(memory.toByteArray()) : new SpooledBody(file, size);
    }

    /** Frees the bytes unless they were handed over. */
    @Override
    public void close() throws IOException {
        if (!handedOver && file != null) {
            file.close();
        }
        if (!handedOver) {
            memory = null;
        }
    }
}
