package io.camelhydra.testing;

import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** Large test bodies generated on the fly (never held in memory) and digests of what comes back. */
public final class Streams {

    private Streams() {
    }

    /**
     * A deterministic stream of {@code size} bytes of printable text with newlines. {@link #upperCasedDigest} gives
     * the digest of the same stream after {@code tr a-z A-Z}.
     */
    public static InputStream text(long size, long seed) {
        return new InputStream() {
            private final SplittableRandom random = new SplittableRandom(seed);
            private long left = size;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0];
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                for (int i = 0; i < n; i++) {
                    int r = random.nextInt(64);
                    b[off + i] = (byte) (r == 0 ? '\n' : r < 27 ? 'a' + r - 1 : r < 53 ? 'A' + r - 27 : '0' + r % 10);
                }
                left -= n;
                return n;
            }
        };
    }

    public static String digest(InputStream in, boolean upperCase) throws Exception {
        MessageDigest sha = sha256();
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (upperCase) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] >= 'a' && buffer[i] <= 'z') {
                        buffer[i] -= 32;
                    }
                }
            }
            sha.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** An output stream that only digests and counts. */
    public static final class DigestSink extends OutputStream {
        private final MessageDigest sha = sha256();
        private long count;

        @Override
        public void write(int b) {
            sha.update((byte) b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            sha.update(b, off, len);
            count += len;
        }

        public long count() {
            return count;
        }

        public String hex() {
            return HexFormat.of().formatHex(sha.digest());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
