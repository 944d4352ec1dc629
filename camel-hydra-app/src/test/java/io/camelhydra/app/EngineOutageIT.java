package io.camelhydra.app;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelhydra.component.hydra.runtime.docker.DockerContainerRuntime;
import io.camelhydra.testing.Corpus;
import io.camelhydra.testing.Corpus.Document;
import io.camelhydra.testing.DockerRequired;
import io.camelhydra.testing.EngineProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Docker engine is away, or goes away in the middle of a conversion: the app reaches it through an
 * {@link EngineProxy} the test switches off and on. Documents are not the engine's victims: they wait in their inbox
 * (never failed/), and are converted exactly once when the engine answers again; HTTP says 503 meanwhile.
 */
@ExtendWith(DockerRequired.class)
class EngineOutageIT {

    private static final Duration CONVERSION = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private final DockerContainerRuntime docker = new DockerContainerRuntime("unix://" + EngineProxy.ENGINE_SOCKET);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private EngineProxy engine;
    private AppProcess app;

    @BeforeEach
    void proxy() {
        engine = EngineProxy.inTempDir();
    }

    @AfterEach
    void stopAll() throws Exception {
        try {
            if (app != null) {
                app.close();
            }
            engine.close();
            if (app != null) {
                assertThat(docker.countContainers(app.instanceId())).as("containers left by %s", app.instanceId())
                        .isZero();
            }
        } finally {
            docker.close();
        }
    }

    @Test
    void appStartsWithoutEngineKeepsInputsAndConvertsThemOnceItAnswers() throws Exception {
        app = new AppProcess(work).env("DOCKER_HOST", engine.dockerHost())
                .env("HYDRA_DROP_QUIET_PERIOD", "500ms").start();
        assertThat(app.logText()).as("start-up log").contains("does not answer")
                .contains("Calls will fail until it answers");

        Path data = app.dataDir();
        Path ftp = app.ftpHome();
        drop(data.resolve("inbox/toupper"), "dropped.txt", "dropped while the engine was away\n");
        try (FtpClientSession session = new FtpClientSession(app.ftpPort(), app.ftpUser(), app.ftpPassword())) {
            session.upload("inbox/toupper/uploaded.txt", new ByteArrayInputStream(
                    "uploaded while the engine was away\n".getBytes(StandardCharsets.UTF_8)));
        }

        HttpResponse<String> refused = postToUpper("hello, hydra");
        assertThat(refused.statusCode()).as("status without an engine: %s", refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        JsonNode problem = JSON.readTree(refused.body());
        assertThat(problem.path("type").asText()).isEqualTo("urn:camel-hydra:problem:function-unavailable");
        assertThat(problem.path("status").asInt()).isEqualTo(503);
        assertThat(problem.path("cause").asText()).isEqualTo("ENGINE_UNREACHABLE");
        assertThat(problem.path("detail").asText()).contains("Function toupper (camel-hydra/fn-toupper:1)")
                .contains("does not answer").contains(engine.dockerHost());

        // both inputs were tried, found the engine away and were given back (rolled back, not moved) ...
        Await.until(Duration.ofMinutes(2), () -> "both inputs tried and given back:\n" + app.logTail(), () -> {
            String log = app.logText();
            return log.contains("FunctionUnavailableException: Function toupper")
                    && log.lines().anyMatch(l -> l.contains("Rollback file strategy") && l.contains("toupper/uploaded.txt"))
                    && log.lines().anyMatch(l -> l.contains("Rollback file strategy") && l.contains("toupper/dropped.txt"));
        });
        // ... and for a while they stay where they are: not failed, not converted
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < until) {
            assertWaiting(data, "dropped.txt");
            assertWaiting(ftp, "uploaded.txt");
            assertThat(app.process().isAlive()).as("the app keeps running").isTrue();
            Thread.sleep(250);
        }

        engine.start();
        Path droppedResult = data.resolve("outbox/toupper/dropped.txt");
        Path uploadedResult = ftp.resolve("outbox/toupper/uploaded.txt");
        Await.until(CONVERSION, () -> "both inputs converted once the engine answers:\n" + app.logTail(),
                () -> Files.exists(data.resolve("done/toupper/dropped.txt"))
                        && Files.exists(ftp.resolve("done/toupper/uploaded.txt")));
        assertThat(droppedResult).hasContent("DROPPED WHILE THE ENGINE WAS AWAY\n");
        assertThat(uploadedResult).hasContent("UPLOADED WHILE THE ENGINE WAS AWAY\n");
        try (FtpClientSession session = new FtpClientSession(app.ftpPort(), app.ftpUser(), app.ftpPassword())) {
            assertThat(new String(session.download("outbox/toupper/uploaded.txt"), StandardCharsets.UTF_8))
                    .isEqualTo("UPLOADED WHILE THE ENGINE WAS AWAY\n");
        }

        HttpResponse<String> converted = postToUpper("hello, hydra");
        assertThat(converted.statusCode()).as("status with the engine back: %s", converted.body()).isEqualTo(200);
        assertThat(converted.body()).isEqualTo("HELLO, HYDRA");

        Thread.sleep(3000); // a few more polls: nothing is converted a second time
        for (Path root : List.of(data, ftp)) {
            assertThat(DataFolders.files(root.resolve("inbox/toupper"))).as("inbox of %s", root).isEmpty();
            assertThat(DataFolders.files(root.resolve("failed/toupper"))).as("failed/ of %s", root).isEmpty();
            DataFolders.assertNoTemporaryFiles(root);
        }
        assertThat(DataFolders.files(data.resolve("outbox/toupper"))).containsExactly("dropped.txt");
        assertThat(DataFolders.files(ftp.resolve("outbox/toupper"))).containsExactly("uploaded.txt");
        Await.until(Duration.ofMinutes(1), "no container left while the app runs",
                () -> docker.countContainers(app.instanceId()) == 0);
    }

    @Test
    void engineGoingAwayDuringAConversionNeitherFailsNorDuplicatesTheDocument() throws Exception {
        engine.start();
        app = new AppProcess(work).env("DOCKER_HOST", engine.dockerHost())
                .env("HYDRA_DROP_QUIET_PERIOD", "500ms").start();
        Document doc = Corpus.named("docx/paragraphs_and_tables.docx");
        Path data = app.dataDir();
        Path inbox = data.resolve("inbox/pdf");
        Path temp = inbox.resolve(doc.fileName() + ".part");
        Files.copy(doc.path(), temp);
        Files.move(temp, inbox.resolve(doc.fileName()), StandardCopyOption.ATOMIC_MOVE);

        awaitRunningContainer(Duration.ofMinutes(2));
        engine.stop();
        // the conversion that lost its engine must not count as the document's failure
        long until = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        while (System.nanoTime() < until) {
            assertThat(DataFolders.files(data.resolve("failed/pdf"))).as("failed/ while the engine is away").isEmpty();
            assertThat(DataFolders.files(data.resolve("outbox/pdf"))).as("outbox while the engine is away").isEmpty();
            Thread.sleep(250);
        }
        engine.start();

        Await.until(CONVERSION, () -> doc + " converted once the engine is back:\n" + app.logTail(),
                () -> Files.exists(data.resolve("done/pdf").resolve(doc.fileName())));
        Thread.sleep(3000); // a few more polls: nothing is converted a second time
        assertThat(DataFolders.files(data.resolve("failed/pdf"))).as("failed/").isEmpty();
        assertThat(DataFolders.files(data.resolve("inbox/pdf"))).as("inbox").isEmpty();
        assertThat(DataFolders.files(data.resolve("outbox/pdf"))).as("exactly one result").containsExactly("paragraphs_and_tables.pdf");
        Conversions.assertConverted(doc, Files.readAllBytes(data.resolve("outbox/pdf/paragraphs_and_tables.pdf")));
        DataFolders.assertNoTemporaryFiles(data);
        // the container cut off from its caller is removed too, without waiting for the app's next start
        Await.until(Duration.ofMinutes(1), () -> "no container left while the app runs: " + containerIds()
                + "\n" + app.logTail(), () -> docker.countContainers(app.instanceId()) == 0);
    }

    private HttpResponse<String> postToUpper(String text) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(app.url("/functions/toupper"))
                .timeout(Duration.ofMinutes(2))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(text)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The input waits in its inbox: not taken for good, not failed, no result. */
    private static void assertWaiting(Path root, String name) throws IOException {
        assertThat(root.resolve("inbox/toupper").resolve(name)).as("%s still in the inbox of %s", name, root)
                .exists();
        assertThat(DataFolders.files(root.resolve("failed/toupper"))).as("failed/ of %s", root).isEmpty();
        assertThat(DataFolders.files(root.resolve("outbox/toupper"))).as("outbox of %s", root).isEmpty();
        assertThat(DataFolders.files(root.resolve("done/toupper"))).as("done/ of %s", root).isEmpty();
    }

    /** Waits until one of the app's containers runs: a conversion is under way. */
    private void awaitRunningContainer(Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (runningContainers().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no container running within " + limit + ":\n" + app.logTail());
            }
            Thread.sleep(50);
        }
    }

    private List<String> runningContainers() throws IOException, InterruptedException {
        Process ps = new ProcessBuilder("docker", "ps", "-q", "--filter", "status=running", "--filter",
                "label=io.camelhydra.owner=" + app.instanceId()).redirectErrorStream(true).start();
        String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (ps.waitFor() != 0) {
            throw new IOException("docker ps failed: " + out);
        }
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    /** The app's containers as {@code docker ps} shows them, for failure messages. */
    private String containerIds() {
        try {
            Process ps = new ProcessBuilder("docker", "ps", "-a", "--filter", "label=io.camelhydra.owner="
                    + app.instanceId(), "--format", "{{.ID}} {{.Status}} {{.Names}}").redirectErrorStream(true)
                    .start();
            String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            ps.waitFor();
            return out.strip();
        } catch (IOException e) {
            return "(docker ps failed: " + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    private static void drop(Path inbox, String name, String content) throws IOException {
        Path temp = inbox.resolve(name + ".part");
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        Files.move(temp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

}
