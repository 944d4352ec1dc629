package io.camelhydra.component.hydra.runtime.docker;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Marks failures of the caller's stdout sink (disk full, client gone) so they are not mistaken for the engine
 * connection failing.
 */
final class SinkGuard extends FilterOutputStream {

    static final class SinkFailure extends IOException {
        SinkFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    SinkGuard(OutputStream out) {
        super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw new SinkFailure(e);
        }
    }

    @Override
    public void write(int b) throws IOException {
        try {
            out.write(b);
        } catch (IOException e) {
            throw new SinkFailure(e);
        }
    }
}
