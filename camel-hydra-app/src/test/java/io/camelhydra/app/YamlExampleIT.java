package io.camelhydra.app;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.camelhydra.component.hydra.runtime.docker.DockerContainerRuntime;
import io.camelhydra.testing.Corpus;
import io.camelhydra.testing.DockerRequired;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * examples/yaml run as its README says: the packaged app started from the project folder with
 * {@code HYDRA_ROUTES=examples/yaml}, so it loads the example's routes instead of routes/. Real containers; every call
 * is checked against an oracle computed here, and no container with the app's owner label may be left.
 */
@ExtendWith(DockerRequired.class)
class YamlExampleIT {

    /** ASCII prose from the shared corpus, so whitespace-separated words are unambiguous. */
    private static final String TEXT_DOCUMENT = "md/Markdown Documentation - Syntax.text";
    private static final Duration START_LIMIT = Duration.ofSeconds(90);
    private static final Duration CALL_LIMIT = Duration.ofSeconds(60);

    private static final String OWNER = "it-yaml-example-" + UUID.randomUUID();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path work;

    private static Path dataDir;
    private static Path log;
    private static int port;
    private static Process app;

    @BeforeAll
    static void startAppWithTheExampleRoutes() throws Exception {
        Path projectDir = DockerRequired.projectDir();
        Path jar = projectDir.resolve("camel-hydra-app/target/camel-hydra-app.jar");
        assertThat(jar).as("the packaged app (mvn package)").isRegularFile();
        dataDir = work.resolve("data");
        log = work.resolve("app.log");
        port = freePort();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString())
                .directory(projectDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(Map.of(
                "HYDRA_ROUTES", "examples/yaml",
                "HYDRA_HTTP_PORT", String.valueOf(port),
                "HYDRA_DATA_DIR", dataDir.toString(),
                "HYDRA_INSTANCE_ID", OWNER));
        app = builder.start();
        awaitRoutes();
        assertThat(Files.readString(log)).as("the app loaded only the example's routes")
                .contains("examples-wordcount-http").doesNotContain("http-convert");
    }

    /** Ready when the example's POST route answers a GET with 405: the server listens and the route is registered. */
    private static void awaitRoutes() throws Exception {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!app.isAlive()) {
                fail("The app exited with code " + app.exitValue() + " while starting:\n" + logTail());
            }
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(url("/examples/wordcount"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 405) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        fail("The example route did not answer within " + START_LIMIT.toSeconds() + " s:\n" + logTail());
    }

    @AfterAll
    static void stopApp() throws Exception {
        if (app == null) {
            return; // skipped (no engine) or failed before starting: nothing to stop
        }
        if (app.isAlive()) {
            app.destroy(); // as Ctrl-C
            if (!app.waitFor(45, TimeUnit.SECONDS)) {
                app.destroyForcibly();
                app.waitFor(10, TimeUnit.SECONDS);
                fail("The app did not stop within 45 s of SIGTERM:\n" + logTail());
            }
        }
        assertNoContainerLeft();
    }

    @AfterEach
    void noContainerLeftBehind() {
        assertNoContainerLeft();
    }

    @Test
    void wordcountAnswersTheNumberOfWords() throws Exception {
        HttpResponse<String> response = post("/examples/wordcount", "text/plain",
                "The quick brown fox\njumps over the lazy dog.\n");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("9");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    }

    @Test
    void wordcountOfARealDocument() throws Exception {
        String text = Files.readString(Corpus.dir().resolve(TEXT_DOCUMENT), StandardCharsets.US_ASCII);

        HttpResponse<String> response = post("/examples/wordcount", "text/plain; charset=us-ascii", text);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(String.valueOf(text.strip().split("\\s+").length));
    }

    @Test
    void topWordsRunsAShellPipeline() throws Exception {
        String text = Files.readString(Corpus.dir().resolve(TEXT_DOCUMENT), StandardCharsets.US_ASCII);
        Map<String, Long> counts = Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^a-z]+"))
                .filter(w -> !w.isEmpty()).collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        Map.Entry<String, Long> top = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();

        HttpResponse<String> response = post("/examples/top-words", "text/plain", text);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body().lines().toList()).hasSize(5);
        assertThat(response.body().lines().findFirst().orElseThrow().strip())
                .isEqualTo(top.getValue() + " " + top.getKey());
    }

    @Test
    void curlStyleFormLabelledBodyIsCountedNotParsedAway() throws Exception {
        // what curl --data-binary sends without -H 'Content-Type: ...'
        HttpResponse<String> response = post("/examples/wordcount", "application/x-www-form-urlencoded", "a b c");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("3");
    }

    @Test
    void fileDroppedInTheExampleFolderGetsItsWordCount() throws Exception {
        Path inbox = Files.createDirectories(dataDir.resolve("examples/wordcount"));
        Path staged = Files.writeString(work.resolve("notes.txt"), "one two three\nfour five\n");
        Files.move(staged, inbox.resolve("notes.txt"));

        Path result = dataDir.resolve("examples/wordcount/out/notes.words.txt");
        long deadline = System.nanoTime() + CALL_LIMIT.toNanos();
        while (!Files.isRegularFile(result) && System.nanoTime() < deadline) {
            assertThat(inbox.resolve(".failed/notes.txt")).as("input moved to .failed; log:\n%s", logTail())
                    .doesNotExist();
            Thread.sleep(200);
        }
        assertThat(result).as("word count file; log:\n%s", logTail()).isRegularFile();
        assertThat(Files.readString(result)).isEqualTo("5\n"); // wc -w output as it is
        assertThat(inbox.resolve(".done/notes.txt")).isRegularFile();
    }

    private static HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(url(path)).timeout(CALL_LIMIT)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static void assertNoContainerLeft() {
        try (DockerContainerRuntime docker = new DockerContainerRuntime(null)) {
            assertThat(docker.countContainers(OWNER)).as("containers labelled io.camelhydra.owner=%s", OWNER).isZero();
        }
    }

    private static URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static String logTail() {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.length() > 6000 ? text.substring(text.length() - 6000) : text;
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
