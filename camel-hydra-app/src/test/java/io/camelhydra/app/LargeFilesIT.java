package io.camelhydra.app;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.camelhydra.component.hydra.runtime.docker.DockerContainerRuntime;
import io.camelhydra.testing.DockerRequired;
import io.camelhydra.testing.Streams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 500 MB through the drop folder and over FTP with the app's heap capped at 128 MiB: the bytes stream through, the
 * result is complete, and the heap stays under the cap (read from the app's GC log).
 */
@ExtendWith(DockerRequired.class)
class LargeFilesIT {

    private static final long SIZE = 500L * 1000 * 1000;
    private static final Pattern GC_OCCUPANCY = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    @TempDir
    Path work;

    @Test
    void fiveHundredMegabytesThroughTheDropFolderAndFtpWithA128MiBHeap() throws Exception {
        Path gcLog = work.resolve("gc.log");
        String expected = Streams.digest(Streams.text(SIZE, 5), true);
        try (AppProcess app = new AppProcess(work).jvm("-Xmx128m").jvm("-Xlog:gc:file=" + gcLog).start();
             DockerContainerRuntime docker = new DockerContainerRuntime(null)) {
            // drop folder: written beside the inbox, then moved in
            Path staged = work.resolve("big.txt");
            try (InputStream in = Streams.text(SIZE, 5)) {
                Files.copy(in, staged);
            }
            Files.move(staged, app.dataDir().resolve("inbox/toupper/big.txt"), StandardCopyOption.ATOMIC_MOVE);
            long dropped = System.nanoTime();
            Path result = app.dataDir().resolve("outbox/toupper/big.txt");
            Await.until(Duration.ofMinutes(8), () -> "drop-folder result\n" + tail(app), () -> Files.exists(result));
            long dropMillis = (System.nanoTime() - dropped) / 1_000_000;
            try (InputStream in = Files.newInputStream(result)) {
                assertThat(Streams.digest(in, false)).as("drop-folder result complete and correct").isEqualTo(expected);
            }

            // FTP: uploaded as a client would, result downloaded when it appears
            long uploadedAt;
            try (FtpClientSession ftp = new FtpClientSession(app.ftpPort(), app.ftpUser(), app.ftpPassword())) {
                ftp.upload("inbox/toupper/big-ftp.txt", Streams.text(SIZE, 5));
                uploadedAt = System.nanoTime();
                Await.until(Duration.ofMinutes(8), () -> "FTP result\n" + tail(app),
                        () -> ftp.exists("done/toupper", "big-ftp.txt"));
                long ftpMillis = (System.nanoTime() - uploadedAt) / 1_000_000;
                Streams.DigestSink sink = new Streams.DigestSink();
                try (OutputStream out = sink) {
                    ftp.download("outbox/toupper/big-ftp.txt", out);
                }
                assertThat(sink.count()).isEqualTo(SIZE);
                assertThat(sink.hex()).as("FTP result complete and correct").isEqualTo(expected);
                System.out.printf("500 MB: drop folder, file in inbox to result available: %d ms; FTP, upload "
                                  + "finished to result available: %d ms; heap peak at GC: %d MiB of 128%n",
                        dropMillis, ftpMillis, heapPeakMiB(gcLog));
            }
            assertThat(app.process().isAlive()).isTrue();
            assertThat(app.logText()).doesNotContain("OutOfMemoryError");
            assertThat(heapPeakMiB(gcLog)).isLessThanOrEqualTo(128);
            assertThat(docker.countContainers(app.instanceId())).isZero();
        }
    }

    /** The largest heap occupancy the GC log shows before a collection. */
    private static long heapPeakMiB(Path gcLog) throws Exception {
        long peak = 0;
        Matcher m = GC_OCCUPANCY.matcher(Files.readString(gcLog));
        while (m.find()) {
            peak = Math.max(peak, Long.parseLong(m.group(1)));
        }
        return peak;
    }

    private static String tail(AppProcess app) {
        try {
            return app.logTail();
        } catch (Exception e) {
            return e.toString();
        }
    }
}
