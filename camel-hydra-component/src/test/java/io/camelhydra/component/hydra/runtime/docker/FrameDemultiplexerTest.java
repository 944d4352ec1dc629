package io.camelhydra.component.hydra.runtime.docker;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;

import io.camelhydra.component.hydra.runtime.StderrTail;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameDemultiplexerTest {

    private static void frame(ByteArrayOutputStream out, int stream, String payload) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        out.write(stream);
        out.write(0);
        out.write(0);
        out.write(0);
        out.write(bytes.length >>> 24);
        out.write(bytes.length >>> 16);
        out.write(bytes.length >>> 8);
        out.write(bytes.length);
        out.writeBytes(bytes);
    }

    @Test
    void splitsStdoutFromStderr() throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        frame(wire, 1, "hello ");
        frame(wire, 2, "warning\n");
        frame(wire, 1, "world");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        StderrTail stderr = new StderrTail(100, null);
        FrameDemultiplexer demux = new FrameDemultiplexer();

        assertThat(demux.pump(new ByteArrayInputStream(wire.toByteArray()), stdout, stderr, Long.MAX_VALUE)).isTrue();
        assertThat(stdout.toString(StandardCharsets.UTF_8)).isEqualTo("hello world");
        assertThat(stderr.text()).isEqualTo("warning\n");
        assertThat(demux.stdoutBytes()).isEqualTo(11);
    }

    @Test
    void stopsAtTheOutputLimit() throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        frame(wire, 1, "0123456789");
        frame(wire, 1, "0123456789");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        FrameDemultiplexer demux = new FrameDemultiplexer();
        assertThat(demux.pump(new ByteArrayInputStream(wire.toByteArray()), stdout, new StderrTail(10, null), 15))
                .isFalse();
        assertThat(stdout.size()).isEqualTo(15);
    }

    @Test
    void aStreamCutInsideAFrameIsAnError() {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        frame(wire, 1, "0123456789");
        byte[] cut = java.util.Arrays.copyOf(wire.toByteArray(), 12);
        assertThatThrownBy(() -> new FrameDemultiplexer().pump(new ByteArrayInputStream(cut),
                new ByteArrayOutputStream(), new StderrTail(10, null), Long.MAX_VALUE))
                .isInstanceOf(EOFException.class);
    }
}
