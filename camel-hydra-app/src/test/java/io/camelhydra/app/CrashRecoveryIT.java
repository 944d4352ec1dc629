package io.camelhydra.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.camelhydra.component.hydra.runtime.docker.DockerContainerRuntime;
import io.camelhydra.testing.Corpus;
import io.camelhydra.testing.Corpus.Document;
import io.camelhydra.testing.DockerRequired;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app is killed (kill -9) while it converts a dropped document and an uploaded one. Nothing is lost or doubled:
 * right after the crash both inputs are still in their inboxes and no result, whole or partial, exists; started again
 * on the same data root with the same instance id, the app removes the containers the crash left, converts each
 * document exactly once and leaves no temporary file and no container.
 */
@ExtendWith(DockerRequired.class)
class CrashRecoveryIT {

    private static final Duration CONVERSION = Duration.ofMinutes(3);
    /** How long to wait for the second conversion once the first runs; a pdf conversion takes well over that. */
    private static final Duration SECOND_CALL_GRACE = Duration.ofSeconds(1);

    @TempDir
    Path work;

    private final DockerContainerRuntime docker = new DockerContainerRuntime("unix:///var/run/docker.sock");
    private AppProcess app;

    @AfterEach
    void stopApp() throws Exception {
        try {
            if (app != null) {
                app.close();
                assertThat(docker.countContainers(app.instanceId())).as("containers left by %s", app.instanceId())
                        .isZero();
            }
        } finally {
            docker.close();
        }
    }

    @Test
    void killedDuringConversionsConvertsEachDocumentOnceAfterRestart() throws Exception {
        Document dropped = Corpus.named("docx/paragraphs_and_tables.docx");
        Document uploaded = Corpus.named("docx/pages_12.docx");
        // the dropped file is taken about when the FTP input is (after two listings a second apart)
        app = new AppProcess(work).env("HYDRA_DROP_QUIET_PERIOD", "1s").start();
        Path data = app.dataDir();
        Path ftp = app.ftpHome();

        try (FtpClientSession session = new FtpClientSession(app.ftpPort(), app.ftpUser(), app.ftpPassword());
             InputStream in = Files.newInputStream(uploaded.path())) {
            session.upload("inbox/pdf/" + uploaded.fileName(), in);
        }
        Path temp = data.resolve("inbox/pdf").resolve(dropped.fileName() + ".part");
        Files.copy(dropped.path(), temp);
        Files.move(temp, data.resolve("inbox/pdf").resolve(dropped.fileName()), StandardCopyOption.ATOMIC_MOVE);

        // kill once a conversion runs: at once when both do, else as soon as one ends or the grace is over
        Await.until(Duration.ofMinutes(2), () -> "a conversion started:\n" + app.logTail(),
                () -> !containers().isEmpty());
        long grace = System.nanoTime() + SECOND_CALL_GRACE.toNanos();
        List<String> states = containers();
        while (states.size() < 2 && System.nanoTime() < grace
                && states.stream().allMatch(c -> c.endsWith(" running") || c.endsWith(" created"))) {
            Thread.sleep(20);
            states = containers();
        }
        app.kill();
        assertThat(app.process().isAlive()).isFalse();
        Thread.sleep(1000); // requests the app sent before dying reach the engine
        List<String> leftBehind = containerIds();
        System.out.printf("CrashRecoveryIT: killed with %d container(s) in flight: %s%n", leftBehind.size(),
                leftBehind);
        assertThat(leftBehind).as("containers of the killed app").isNotEmpty();

        assertThat(data.resolve("inbox/pdf").resolve(dropped.fileName())).as("dropped input after the crash")
                .exists();
        assertThat(ftp.resolve("inbox/pdf").resolve(uploaded.fileName())).as("uploaded input after the crash")
                .exists();
        assertThat(DataFolders.files(data.resolve("outbox/pdf"))).as("no result after the crash").isEmpty();
        assertThat(DataFolders.files(ftp.resolve("outbox/pdf"))).as("no uploaded result after the crash").isEmpty();
        assertThat(DataFolders.files(data.resolve("done/pdf"))).isEmpty();
        assertThat(DataFolders.files(ftp.resolve("done/pdf"))).isEmpty();
        assertThat(DataFolders.temporaryFiles(data)).as("no partial result after the crash").isEmpty();

        int logMark = app.logText().length();
        app.start();
        String restartLog = app.logText().substring(logMark);
        assertThat(restartLog).as("start-up log after the crash")
                .contains("removed " + leftBehind.size() + " container(s) left behind by an earlier run of "
                        + app.instanceId());
        List<String> now = containerIds();
        assertThat(now).as("the crash's containers are gone").doesNotContainAnyElementsOf(leftBehind);

        Await.until(CONVERSION, () -> "both documents converted after the restart:\n" + app.logTail(),
                () -> Files.exists(data.resolve("done/pdf").resolve(dropped.fileName()))
                        && Files.exists(ftp.resolve("done/pdf").resolve(uploaded.fileName())));
        Thread.sleep(3000); // a few more polls: nothing is converted a second time
        assertThat(DataFolders.files(data.resolve("outbox/pdf"))).as("one result for the dropped document")
                .containsExactly("paragraphs_and_tables.pdf");
        assertThat(DataFolders.files(ftp.resolve("outbox/pdf"))).as("one result for the uploaded document")
                .containsExactly("pages_12.pdf");
        Conversions.assertConverted(dropped, Files.readAllBytes(data.resolve("outbox/pdf/paragraphs_and_tables.pdf")));
        Conversions.assertConverted(uploaded, Files.readAllBytes(ftp.resolve("outbox/pdf/pages_12.pdf")));
        assertThat(DataFolders.files(data.resolve("inbox/pdf"))).as("dropped inbox").isEmpty();
        assertThat(DataFolders.files(ftp.resolve("inbox/pdf"))).as("FTP inbox").isEmpty();
        assertThat(DataFolders.files(data.resolve("failed/pdf"))).as("failed/ (%s)", DataFolders.tree(data)).isEmpty();
        assertThat(DataFolders.files(ftp.resolve("failed/pdf"))).as("FTP failed/").isEmpty();
        assertThat(DataFolders.temporaryFiles(data)).as("no temporary file anywhere under the data root").isEmpty();
        Await.until(Duration.ofMinutes(1), () -> "no container left while the app runs: " + containerIdsOrError(),
                () -> docker.countContainers(app.instanceId()) == 0);
    }

    /** "id state" of every container labelled with the app's instance id. */
    private List<String> containers() throws IOException, InterruptedException {
        return docker("ps", "-a", "--no-trunc", "--filter", "label=io.camelhydra.owner=" + app.instanceId(),
                "--format", "{{.ID}} {{.State}}");
    }

    private static List<String> docker(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        Process ps = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (ps.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** Full ids of every container labelled with the app's instance id, running or not. */
    private List<String> containerIds() throws IOException, InterruptedException {
        return docker("ps", "-aq", "--no-trunc", "--filter", "label=io.camelhydra.owner=" + app.instanceId());
    }

    private String containerIdsOrError() {
        try {
            return containerIds().toString();
        } catch (IOException | InterruptedException e) {
            return "(docker ps failed: " + e + ")";
        }
    }

}
