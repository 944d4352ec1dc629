package io.camelhydra.component.hydra.runtime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Keeps the last bytes a process wrote to stderr (bounded, whatever the process writes) and hands each complete line
 * to a listener, so stderr can be logged as it arrives without being held in memory.
 */
public final class StderrTail {

    private static final int MAX_LINE = 8 * 1024;

    private final byte[] ring;
    private final Consumer<String> lineListener;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private long total;

    /**
     * @param capacity     how many trailing bytes to keep
     * @param lineListener receives each line (without its terminator); may be {@code null}
     */
    public StderrTail(int capacity, Consumer<String> lineListener) {
        this.ring = new byte[Math.max(1, capacity)];
        this.lineListener = lineListener;
    }

    public synchronized void write(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            ring[(int) (total % ring.length)] = b;
            total++;
            if (lineListener != null) {
                if (b == '\n') {
                    flushLine();
                } else if (line.size() < MAX_LINE) {
                    line.write(b);
                }
            }
        }
    }

    private void flushLine() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (!text.isBlank()) {
            lineListener.accept(text.stripTrailing());
        }
    }

    /** Hands a last unterminated line to the listener. */
    public synchronized void finish() {
        if (lineListener != null && line.size() > 0) {
            flushLine();
        }
    }

    /** The kept tail decoded as UTF-8 (a multi-byte character cut at the start shows as a replacement character). */
    public synchronized String text() {
        int kept = (int) Math.min(total, ring.length);
        byte[] out = new byte[kept];
        long start = total - kept;
        for (int i = 0; i < kept; i++) {
            out[i] = ring[(int) ((start + i) % ring.length)];
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /** Bytes written in all, including those no longer kept. */
    public synchronized long totalBytes() {
        return total;
    }
}
