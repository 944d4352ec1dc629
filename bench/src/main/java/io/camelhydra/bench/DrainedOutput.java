package io.camelhydra.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * What a call wrote, read to the end: the byte count and the first {@link #HEAD_LIMIT} bytes, enough to judge the
 * output without holding a large one in memory.
 */
record DrainedOutput(long bytes, byte[] head) {

    static final int HEAD_LIMIT = 64 * 1024;

    /** Reads {@code in} to its end (it is not closed). */
    static DrainedOutput drain(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        long total = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            if (head.size() < HEAD_LIMIT) {
                head.write(buffer, 0, Math.min(n, HEAD_LIMIT - head.size()));
            }
            total += n;
        }
        return new DrainedOutput(total, head.toByteArray());
    }

    String headText() {
        return new String(head, StandardCharsets.UTF_8);
    }

    boolean startsWith(byte[] prefix) {
        if (head.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (head[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
