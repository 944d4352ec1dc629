package io.camelhydra.app;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.camelhydra.component.hydra.runtime.docker.DockerContainerRuntime;
import io.camelhydra.testing.Corpus;
import io.camelhydra.testing.Corpus.Document;
import io.camelhydra.testing.DockerRequired;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The FTP input of the packaged app with its embedded server, used by a real FTP client: every corpus document for
 * pdf and txt, awkward names, and an upload slow enough to be caught half-written if the app did not know better.
 */
@ExtendWith(DockerRequired.class)
class FtpCorpusIT {

    @TempDir
    static Path work;

    private static AppProcess app;
    private static final DockerContainerRuntime DOCKER = new DockerContainerRuntime(null);

    @BeforeAll
    static void startApp() throws Exception {
        app = new AppProcess(work).start();
        assertThat(app.logText()).contains("Embedded FTP server on ftp://127.0.0.1:" + app.ftpPort());
    }

    @AfterAll
    static void stopApp() throws Exception {
        if (app != null) {
            app.close();
            assertThat(DOCKER.countContainers(app.instanceId())).isZero();
        }
        DOCKER.close();
    }

    @AfterEach
    void noContainerLeftBehind() {
        assertThat(DOCKER.countContainers(app.instanceId())).isZero();
    }

    private static FtpClientSession ftp() throws Exception {
        return new FtpClientSession(app.ftpPort(), app.ftpUser(), app.ftpPassword());
    }

    /** Waits until the input left the inbox for done/ or failed/ (seen through FTP, as a client would). */
    private static String awaitOutcome(FtpClientSession ftp, String function, String name) throws Exception {
        String[] outcome = new String[1];
        Await.until(Duration.ofMinutes(4), () -> name + " leaves inbox/" + function + "\n" + app.logTail(), () -> {
            for (String folder : List.of("done", "failed")) {
                if (ftp.exists(folder + "/" + function, name)) {
                    outcome[0] = folder;
                    return true;
                }
            }
            return false;
        });
        return outcome[0];
    }

    @Test
    void everyCorpusDocumentOverFtp() throws Exception {
        List<Document> docs = new ArrayList<>(Corpus.forFunction("pdf"));
        docs.addAll(Corpus.forFunction("txt"));
        try (FtpClientSession ftp = ftp()) {
            for (Document doc : docs) {
                try (var in = Files.newInputStream(doc.path())) {
                    ftp.upload("inbox/" + doc.hydraFunction() + "/" + doc.fileName(), in);
                }
            }
            int converted = 0;
            for (Document doc : docs) {
                String function = doc.hydraFunction();
                String outcome = awaitOutcome(ftp, function, doc.fileName());
                String base = doc.fileName().substring(0, doc.fileName().lastIndexOf('.'));
                String extension = function.equals("pdf") ? ".pdf" : ".txt";
                List<String> candidates = List.of(doc.fileName() + extension, base + extension);
                if (doc.mustFail()) {
                    assertThat(outcome).as("%s", doc).isEqualTo("failed");
                    String reason = new String(ftp.download("failed/" + function + "/" + doc.fileName()
                            + ".error.txt"), StandardCharsets.UTF_8);
                    Conversions.assertRejectionExplained(doc, reason);
                    assertThat(ftp.list("outbox/" + function)).doesNotContain(candidates.get(0));
                } else {
                    assertThat(outcome).as("%s (log: %s)", doc, app.logTail()).isEqualTo("done");
                    assertThat(candidates).as("a result for %s", doc).anySatisfy(name -> {
                        assertThat(ftp.list("outbox/" + function)).contains(name);
                        Conversions.assertConverted(doc, ftp.download("outbox/" + function + "/" + name));
                    });
                    converted++;
                }
            }
            // other tests of this class share the app: count only results of corpus documents
            java.util.function.Predicate<String> fromCorpus = name -> docs.stream().anyMatch(d -> name.startsWith(
                    d.fileName().substring(0, d.fileName().lastIndexOf('.'))));
            assertThat(ftp.list("outbox/pdf").stream().filter(fromCorpus).count()
                    + ftp.list("outbox/txt").stream().filter(fromCorpus).count()).isEqualTo(converted);
            assertThat(ftp.list("inbox/pdf")).isEmpty();
            assertThat(ftp.list("outbox/pdf")).noneMatch(name -> name.startsWith(".hydra-"));
        }
    }

    @Test
    void awkwardNamesSurviveAndNeverReachAShell() throws Exception {
        String longName = "L".repeat(200) + ".txt";
        List<String> names = List.of("with space (1).txt", "quote\"and'apostrophe.txt", "semi;colon$HOME.txt",
                "amp&query?hash#.txt", "Straße_ß_é.txt", "`id`$(touch x).txt", longName);
        try (FtpClientSession ftp = ftp()) {
            for (String name : names) {
                ftp.upload("inbox/toupper/" + name, new java.io.ByteArrayInputStream(
                        ("content of " + name).getBytes(StandardCharsets.UTF_8)));
            }
            for (String name : names) {
                assertThat(awaitOutcome(ftp, "toupper", name)).as(name).isEqualTo("done");
                String result = new String(ftp.download("outbox/toupper/" + name), StandardCharsets.UTF_8);
                assertThat(result).isEqualTo(asciiUpperCase("content of " + name));
            }
            // a name too long for the local work file (<name>.inprogress) is left alone, said once, not retried
            String tooLong = "T".repeat(246) + ".txt";
            ftp.upload("inbox/toupper/" + tooLong, new java.io.ByteArrayInputStream(new byte[] {'x'}));
            Await.until(Duration.ofSeconds(30), () -> "too long reported\n" + app.logTail(),
                    () -> app.logText().contains("is not taken: its name is 250 bytes long"));
            Thread.sleep(3000);
            assertThat(ftp.exists("inbox/toupper", tooLong)).isTrue();
            assertThat(app.logText().split("is not taken: its name is 250 bytes", -1)).as("said once").hasSize(2);
        }
        // names in the log are the names on the server (UTF-8 on the control connection)
        assertThat(app.logText()).contains("FTP: toupper/Straße_ß_é.txt converted by toupper");
    }

    @Test
    void theSameNameUploadedAgainWithinAMinuteIsConvertedAgainAndNothingIsReplaced() throws Exception {
        try (FtpClientSession ftp = ftp()) {
            // same name, same size, same minute: an FTP listing cannot tell these two apart
            for (String text : List.of("hello one\n", "hello two\n")) {
                ftp.upload("inbox/toupper/again.txt", new java.io.ByteArrayInputStream(
                        text.getBytes(StandardCharsets.UTF_8)));
                Await.until(Duration.ofMinutes(2), () -> "again.txt taken\n" + app.logTail(),
                        () -> !ftp.exists("inbox/toupper", "again.txt"));
            }
            assertThat(ftp.list("outbox/toupper")).filteredOn(n -> n.startsWith("again."))
                    .containsExactlyInAnyOrder("again.txt", "again.txt.txt");
            assertThat(new String(ftp.download("outbox/toupper/again.txt"), StandardCharsets.UTF_8))
                    .isEqualTo("HELLO ONE\n");
            assertThat(new String(ftp.download("outbox/toupper/again.txt.txt"), StandardCharsets.UTF_8))
                    .isEqualTo("HELLO TWO\n");
            List<String> inputs = ftp.list("done/toupper").stream().filter(n -> n.startsWith("again.")).toList();
            assertThat(inputs).as("both inputs archived, none replaced").hasSize(2).contains("again.txt");
        }
        // converted inputs are remembered by the input's name, not the result's
        String processed = Files.readString(app.dataDir().resolve(".hydra/ftp-processed.txt"));
        assertThat(processed).contains("toupper/again.txt-10-").doesNotContain("again.txt.txt");
    }

    @Test
    void severalUploadsAreConvertedInParallelEachOnce() throws Exception {
        int peak;
        try (FtpClientSession ftp = ftp(); PeakContainers pdf = new PeakContainers(app.instanceId(), "pdf")) {
            for (int i = 0; i < 4; i++) {
                try (var in = Files.newInputStream(Corpus.named("docx/pages_12.docx").path())) {
                    ftp.upload("inbox/pdf/parallel-" + i + ".docx", in);
                }
            }
            for (int i = 0; i < 4; i++) {
                assertThat(awaitOutcome(ftp, "pdf", "parallel-" + i + ".docx")).isEqualTo("done");
            }
            assertThat(ftp.list("outbox/pdf")).filteredOn(n -> n.startsWith("parallel-"))
                    .containsExactlyInAnyOrder("parallel-0.pdf", "parallel-1.pdf", "parallel-2.pdf", "parallel-3.pdf");
            peak = pdf.peak();
        }
        // two FTP consumers, and the catalog lets pdf run 2 at once
        assertThat(peak).as("pdf containers at once").isEqualTo(2);
    }

    /** What tr a-z A-Z does: ASCII letters only (ß and é stay as they are). */
    private static String asciiUpperCase(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().forEach(c -> out.append((char) (c >= 'a' && c <= 'z' ? c - 32 : c)));
        return out.toString();
    }

    @Test
    void aSlowUploadIsNotTakenHalfWritten() throws Exception {
        byte[] chunk = "slow line of text\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
        try (FtpClientSession ftp = ftp(); FtpClientSession uploader = ftp()) {
            // pauses longer than the route's readLock check interval (1 s): only knowing the upload is running helps
            try (OutputStream out = uploader.startUpload("inbox/toupper/slow.txt")) {
                for (int i = 0; i < 4; i++) {
                    out.write(chunk);
                    out.flush();
                    Thread.sleep(2500);
                    assertThat(ftp.exists("done/toupper", "slow.txt")).as("taken during the upload").isFalse();
                    assertThat(ftp.exists("outbox/toupper", "slow.txt")).as("converted half-written").isFalse();
                }
            }
            uploader.finishUpload();
            long uploaded = System.nanoTime();
            assertThat(awaitOutcome(ftp, "toupper", "slow.txt")).isEqualTo("done");
            byte[] result = ftp.download("outbox/toupper/slow.txt");
            assertThat(result).hasSize(chunk.length * 4);
            assertThat(new String(result, StandardCharsets.UTF_8))
                    .isEqualTo("SLOW LINE OF TEXT\n".repeat(4000));
            System.out.printf("FTP: upload finished to result available: %d ms%n",
                    (System.nanoTime() - uploaded) / 1_000_000);
        }
    }
}
