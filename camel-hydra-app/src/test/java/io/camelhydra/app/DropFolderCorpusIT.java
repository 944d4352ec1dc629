package io.camelhydra.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.camelhydra.component.hydra.runtime.docker.DockerContainerRuntime;
import io.camelhydra.testing.Corpus;
import io.camelhydra.testing.Corpus.Document;
import io.camelhydra.testing.DockerRequired;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end through the drop folders of the packaged app: every corpus document for pdf and txt is dropped in its
 * inbox; a result appears in the outbox and the input in done/, or (the documents the manifest expects to fail) the
 * input lands in failed/ with the reason and no result is written.
 */
@ExtendWith(DockerRequired.class)
class DropFolderCorpusIT {

    @TempDir
    static Path work;

    private static AppProcess app;
    private static final DockerContainerRuntime DOCKER = new DockerContainerRuntime(null);

    @BeforeAll
    static void startApp() throws Exception {
        app = new AppProcess(work).env("HYDRA_DROP_QUIET_PERIOD", "500ms").start();
    }

    @AfterAll
    static void stopApp() throws Exception {
        if (app != null) {
            app.close();
            assertThat(DOCKER.countContainers(app.instanceId())).isZero();
        }
        DOCKER.close();
    }

    @Test
    void everyCorpusDocumentIsConvertedOrFailedWithItsReason() throws Exception {
        List<Document> docs = new ArrayList<>(Corpus.forFunction("pdf"));
        docs.addAll(Corpus.forFunction("txt"));
        Path data = app.dataDir();
        int successes = 0;
        for (Document doc : docs) {
            // written under a temporary name and renamed, as a careful writer does
            Path inbox = data.resolve("inbox").resolve(doc.hydraFunction());
            Path temp = inbox.resolve(doc.fileName() + ".part");
            Files.copy(doc.path(), temp);
            Files.move(temp, inbox.resolve(doc.fileName()), StandardCopyOption.ATOMIC_MOVE);
        }
        for (Document doc : docs) {
            String function = doc.hydraFunction();
            Path done = data.resolve("done").resolve(function).resolve(doc.fileName());
            Path failed = data.resolve("failed").resolve(function).resolve(doc.fileName());
            String extension = function.equals("pdf") ? ".pdf" : ".txt";
            Path outbox = data.resolve("outbox").resolve(function);
            // several corpus files share a base name (raw_text.doc, raw_text.rtf ...): the first to finish gets
            // raw_text.pdf, the others keep their own extension (raw_text.rtf.pdf)
            List<Path> candidates = List.of(outbox.resolve(doc.fileName() + extension),
                    outbox.resolve(baseName(doc.fileName()) + extension));
            awaitOneOf(Duration.ofMinutes(4), done, failed);
            if (doc.mustFail()) {
                assertThat(failed).as("%s goes to failed/", doc).exists();
                Path reason = failed.resolveSibling(doc.fileName() + ".error.txt");
                assertThat(reason).exists();
                Conversions.assertRejectionExplained(doc, Files.readString(reason));
                assertThat(candidates.get(0)).as("no output for %s", doc).doesNotExist();
            } else {
                assertThat(done).as("%s goes to done/ (log: %s)", doc, app.logTail()).exists();
                assertThat(candidates).as("a result for %s", doc).anySatisfy(out -> {
                    assertThat(out).exists();
                    Conversions.assertConverted(doc, Files.readAllBytes(out));
                });
                successes++;
            }
        }
        try (var outputs = Files.list(data.resolve("outbox/pdf"))) {
            long pdfOutputs = outputs.count();
            try (var txts = Files.list(data.resolve("outbox/txt"))) {
                assertThat(pdfOutputs + txts.count()).as("one result per converted document").isEqualTo(successes);
            }
        }
        assertThat(data.resolve("inbox/pdf").toFile().list()).isEmpty();
        assertThat(data.resolve("inbox/txt").toFile().list()).isEmpty();
        try (var outputs = Files.walk(data.resolve("outbox"))) {
            assertThat(outputs.filter(p -> p.getFileName().toString().startsWith(".hydra-")))
                    .as("no temporary results remain").isEmpty();
        }
        assertThat(DOCKER.countContainers(app.instanceId())).isZero();
    }

    @Test
    void unknownFolderIsAFailureWithAReason() throws Exception {
        Path inbox = app.dataDir().resolve("inbox/nosuch");
        Files.createDirectories(inbox);
        Files.writeString(inbox.resolve("a.txt"), "x");
        Path failed = app.dataDir().resolve("failed/nosuch/a.txt");
        awaitOneOf(Duration.ofSeconds(30), failed);
        assertThat(Files.readString(failed.resolveSibling("a.txt.error.txt")))
                .contains("No function named 'nosuch' in the catalog");
    }

    private static String baseName(String fileName) {
        return fileName.substring(0, fileName.lastIndexOf('.'));
    }

    private static void awaitOneOf(Duration limit, Path... paths) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            for (Path p : paths) {
                if (Files.exists(p)) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("none of " + List.of(paths) + " appeared within " + limit + ":\n" + app.logTail());
    }
}
