package io.camelhydra.app;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end over HTTP: the packaged app, started as a user starts it, converts every corpus document meant for pdf
 * and txt; the documents the manifest expects to fail are refused with a problem response that says why.
 */
@ExtendWith(DockerRequired.class)
class HttpCorpusIT {

    @TempDir
    static Path work;

    private static AppProcess app;
    private static final DockerContainerRuntime DOCKER = new DockerContainerRuntime(null);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void startApp() throws Exception {
        app = new AppProcess(work).start();
    }

    @AfterAll
    static void stopApp() throws Exception {
        if (app != null) {
            app.close();
            assertThat(DOCKER.countContainers(app.instanceId())).as("containers after the app stopped").isZero();
        }
        DOCKER.close();
    }

    @AfterEach
    void noContainerLeftBehind() {
        assertThat(DOCKER.countContainers(app.instanceId())).isZero();
    }

    static Stream<Document> corpus() {
        return Stream.concat(Corpus.forFunction("pdf").stream(), Corpus.forFunction("txt").stream());
    }

    private static HttpResponse<byte[]> post(String function, Path file) throws Exception {
        String name = URLEncoder.encode(file.getFileName().toString(), StandardCharsets.UTF_8);
        return HTTP.send(HttpRequest.newBuilder(app.url("/functions/" + function + "?filename=" + name))
                .timeout(Duration.ofMinutes(3))
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void convertsOrExplainsEveryCorpusDocument(Document doc) throws Exception {
        HttpResponse<byte[]> response = post(doc.hydraFunction(), doc.path());
        if (doc.mustFail()) {
            assertThat(response.statusCode()).as("status for %s", doc).isEqualTo(422);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.get("status").asInt()).isEqualTo(422);
            assertThat(problem.get("function").asText()).isEqualTo(doc.hydraFunction());
            assertThat(problem.get("exitCode").asInt()).isEqualTo(65);
            Conversions.assertRejectionExplained(doc, problem.get("detail").asText());
            assertThat(problem.get("requestId").asText()).isNotBlank();
            assertThat(app.logText()).contains("id=" + problem.get("requestId").asText());
        } else {
            assertThat(response.statusCode()).as("status for %s: %s", doc, new String(response.body(),
                    StandardCharsets.UTF_8)).isEqualTo(200);
            Conversions.assertConverted(doc, response.body());
            String extension = doc.hydraFunction().equals("pdf") ? "pdf" : "txt";
            assertThat(response.headers().firstValue("Content-Disposition").orElseThrow())
                    .contains("." + extension + "\"");
            if (doc.expectedResult().contains("no text layer")) {
                // a scan: the (empty) text is the right answer, and the response says why it is empty
                assertThat(response.headers().firstValue("X-Hydra-Note")).as("note for %s", doc)
                        .hasValueSatisfying(note -> assertThat(note).contains("no text layer"));
            }
        }
    }

    @Test
    void curlStyleUploadOfTheReadmeExampleGivesThePdf() throws Exception {
        // what `curl --data-binary @file URL` sends: no file name, a form content type
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(app.url("/functions/pdf"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofFile(Corpus.named("docx/paragraphs_and_tables.docx").path()))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(Pdfs.read(response.body()).text()).contains("INNER TABLE!");
    }

    @Test
    void toupperAndTheCatalogAndTheUploadPage() throws Exception {
        HttpResponse<String> upper = HTTP.send(HttpRequest.newBuilder(app.url("/functions/toupper"))
                .POST(HttpRequest.BodyPublishers.ofString("hello, world")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(upper.statusCode()).isEqualTo(200);
        assertThat(upper.body()).isEqualTo("HELLO, WORLD");
        assertThat(upper.headers().firstValue("X-Hydra-Function")).hasValue("toupper");

        HttpResponse<String> catalog = HTTP.send(HttpRequest.newBuilder(app.url("/functions")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(catalog.statusCode()).isEqualTo(200);
        JsonNode functions = JSON.readTree(catalog.body()).get("functions");
        assertThat(functions.findValuesAsText("name")).contains("toupper", "pdf", "txt");

        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(app.url("/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.body()).contains("<form", "/functions");
    }

    @Test
    void unknownFunctionIsA404AndNoContainerRuns() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(app.url("/functions/rm-rf"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(response.body()).get("detail").asText())
                .isEqualTo("No function named 'rm-rf' in the catalog. Known functions: toupper, pdf, txt.");
        // an encoded query in the name cannot smuggle endpoint options
        HttpResponse<String> smuggled = HTTP.send(HttpRequest.newBuilder(
                app.url("/functions/toupper%3Fimage%3Dalpine%3A3")).POST(HttpRequest.BodyPublishers.ofString("x"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(smuggled.statusCode()).isEqualTo(404);
    }
}
