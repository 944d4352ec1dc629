package io.camelhydra.component.hydra;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.camelhydra.component.hydra.runtime.StderrTail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Command parsing, sizes, the stderr tail and the output spool. */
class SmallPartsTest {

    @TempDir
    Path tmp;

    @Test
    void commandsSplitOnSpacesWithDoubleQuotesAndNothingElse() {
        assertThat(CommandArguments.parse("tr a-z A-Z")).containsExactly("tr", "a-z", "A-Z");
        assertThat(CommandArguments.parse("sh -c \"echo $HOME; exit 3\"")).containsExactly("sh", "-c",
                "echo $HOME; exit 3");
        assertThat(CommandArguments.parse("  a   \"\"  b ")).containsExactly("a", "", "b");
        assertThat(CommandArguments.parse("x'y' `z`")).containsExactly("x'y'", "`z`");
        assertThatThrownBy(() -> CommandArguments.parse("sh -c \"open")).hasMessageContaining("unclosed double quote");
    }

    @Test
    void sizesReadLikeDockerAndPrintForPeople() {
        assertThat(ByteSize.parse("m", "512m")).isEqualTo(512L << 20);
        assertThat(ByteSize.parse("m", "1G")).isEqualTo(1L << 30);
        assertThat(ByteSize.parse("m", "64KiB")).isEqualTo(64L << 10);
        assertThat(ByteSize.parse("m", "1000")).isEqualTo(1000);
        assertThatThrownBy(() -> ByteSize.parse("memoryLimit", "-1m")).hasMessageContaining("Option memoryLimit");
        assertThat(ByteSize.format(256L << 20)).isEqualTo("256 MiB");
        assertThat(ByteSize.format(1500)).isEqualTo("1500 bytes");
    }

    @Test
    void stderrTailKeepsTheEndAndHandsOutLines() {
        List<String> lines = new ArrayList<>();
        StderrTail tail = new StderrTail(10, lines::add);
        byte[] text = "first line\nsecond\nthird".getBytes(StandardCharsets.UTF_8);
        tail.write(text, 0, text.length);
        tail.finish();
        assertThat(tail.text()).isEqualTo("cond\nthird");
        assertThat(tail.totalBytes()).isEqualTo(text.length);
        assertThat(lines).containsExactly("first line", "second", "third");
    }

    @Test
    void smallOutputStaysInMemoryLargeOutputGoesToAnUnlinkedFile() throws Exception {
        try (OutputSpool small = new OutputSpool(16, tmp)) {
            small.write("%PDF-1.7".getBytes(StandardCharsets.US_ASCII));
            SpooledBody body = small.toBody();
            assertThat(body.inMemory()).isTrue();
            assertThat(new String(small.head(5), StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
            assertThat(new String(body.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("%PDF-1.7");
        }
        OutputSpool large = new OutputSpool(16, tmp);
        byte[] chunk = "0123456789".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 100; i++) {
            large.write(chunk, 0, chunk.length);
        }
        assertThat(tmp.toFile().list()).as("the spool file is unlinked at once").isEmpty();
        assertThat(new String(large.head(4), StandardCharsets.US_ASCII)).isEqualTo("0123");
        SpooledBody body = large.toBody();
        assertThat(body.inMemory()).isFalse();
        assertThat(body.length()).isEqualTo(1000);
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        body.writeTo(first);
        body.close();
        body.reset();
        assertThat(body.readAllBytes()).as("readable again after reset").isEqualTo(first.toByteArray());
        body.release();
        assertThatThrownBy(() -> {
            body.reset();
            body.read();
        }).isInstanceOf(java.nio.channels.ClosedChannelException.class);
    }
}
