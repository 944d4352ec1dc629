package io.camelhydra.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
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

/**
 * Documents from strangers that are not what they claim, through HTTP and the drop folder of the packaged app: each is
 * answered with the right status and a reason a person can act on, leaves no result where a result would be trusted,
 * and no container; the app stays healthy. The broken documents are made here by cutting corpus files, so the corpus
 * stays as its manifest describes it.
 */
@ExtendWith(DockerRequired.class)
class BadInputsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final DockerContainerRuntime DOCKER = new DockerContainerRuntime(null);

    @TempDir
    static Path work;

    private static AppProcess app;
    /** Stands where a linked image points; counts every connection a function makes to it. */
    private static HttpServer probe;
    private static final AtomicInteger PROBE_HITS = new AtomicInteger();
    private static String probeUrl;

    /** One bad input: what it is, where it goes, and what the answer must say. */
    record Case(String name, String function, byte[] bytes, int status, String reason) {
        @Override
        public String toString() {
            return name + " -> " + function;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        InetAddress bridge = dockerBridgeAddress();
        probe = HttpServer.create(new InetSocketAddress(bridge, 0), 0);
        probe.createContext("/", exchange -> {
            PROBE_HITS.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        probe.start();
        probeUrl = "http://" + bridge.getHostAddress() + ":" + probe.getAddress().getPort() + "/tracker.png";

        // the shipped catalog, plus the pdf function with a network: the control that shows the probe would see a
        // fetch, so that "no fetch" below means the sandbox stopped it
        Path catalog = work.resolve("catalog.yaml");
        Files.writeString(catalog, Files.readString(DockerRequired.projectDir().resolve("functions/catalog.yaml"))
                + """

                  - name: pdf-online
                    description: pdf with a network, for this test only
                    image: camel-hydra/fn-pdf:1
                    timeout: 120s
                    contentType: application/pdf
                    extension: pdf
                    accepts: [.docx]
                    memory: 768m
                    tmpfsSize: 256m
                    network: bridge
                    outputSignature: "%PDF-"
                """);
        app = new AppProcess(work).env("HYDRA_CATALOG", catalog.toString()).env("HYDRA_FTP_ENABLED", "false")
                .env("HYDRA_DROP_QUIET_PERIOD", "500ms").start();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (app != null) {
                app.close();
                assertThat(DOCKER.countContainers(app.instanceId())).as("containers after the app stopped").isZero();
            }
        } finally {
            if (probe != null) {
                probe.stop(0);
            }
            DOCKER.close();
        }
    }

    @AfterEach
    void noContainerLeftAndStillHealthy() throws Exception {
        Await.until(Duration.ofSeconds(20), "no container left", () -> DOCKER.countContainers(app.instanceId()) == 0);
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(app.url("/observe/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).as("health: %s", health.body()).isEqualTo(200);
        assertThat(app.process().isAlive()).isTrue();
    }

    /** The documents every input must refuse, each with the status HTTP gives it and the reason it must state. */
    static synchronized List<Case> rejected() throws IOException {
        if (rejected == null) {
            rejected = makeRejected();
        }
        return rejected;
    }

    private static List<Case> rejected;

    private static List<Case> makeRejected() throws IOException {
        byte[] docx = Files.readAllBytes(Corpus.named("docx/paragraphs_and_tables.docx").path());
        byte[] pdf = Files.readAllBytes(Corpus.named("pdf/two_column.pdf").path());
        byte[] random = new byte[64 * 1024];
        new Random(42).nextBytes(random);
        return List.of(
                new Case("random-bytes.docx", "pdf", random, 422, "not a valid .docx file (not a ZIP container)"),
                new Case("truncated.docx", "pdf", Arrays.copyOf(docx, docx.length / 2), 422,
                        "could not load the document"),
                new Case("truncated.pdf", "txt", Arrays.copyOf(pdf, pdf.length / 2), 422, "PDF is truncated"),
                new Case("protected.docx", "pdf", Files.readAllBytes(Corpus.named("docx/protected_page_1.docx")
                        .path()), 422, "password-protected"),
                new Case("protected.pdf", "txt", Files.readAllBytes(Corpus.named("pdf/aes-256.pdf").path()), 422,
                        "password-protected"),
                new Case("five-bytes.pdf", "txt", "hello".getBytes(StandardCharsets.US_ASCII), 422,
                        "input is not a PDF"),
                new Case("zip-bomb.docx", "pdf", zipBomb(), 422, "could not load the document"));
    }

    @Test
    void badDocumentsOverHttpAreRefusedWithTheirReason() throws Exception {
        for (Case c : rejected()) {
            HttpResponse<String> response = post(c.function(), c.name(), c.bytes());
            assertThat(response.statusCode()).as("%s: %s", c, response.body()).isEqualTo(c.status());
            assertThat(response.headers().firstValue("Content-Type")).as("%s", c).hasValue("application/problem+json");
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.path("type").asText()).isEqualTo("urn:camel-hydra:problem:function-failed");
            assertThat(problem.path("exitCode").asInt()).as("%s", c).isEqualTo(65);
            assertThat(problem.path("detail").asText()).as("%s", c).contains("Function " + c.function())
                    .contains(c.reason());
            assertThat(problem.path("reason").asText()).as("%s", c).contains(c.reason());
        }
        HttpResponse<String> empty = post("pdf", "empty.docx", new byte[0]);
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(empty.body()).path("detail").asText()).contains("no body");
    }

    @Test
    void badDocumentsInTheDropFolderGoToFailedWithTheirReason() throws Exception {
        Path data = app.dataDir();
        List<Case> cases = new ArrayList<>(rejected());
        // refused by the app before any container runs, like an empty HTTP body
        Case empty = new Case("empty.docx", "pdf", new byte[0], 0, "The file is empty");
        cases.add(empty);
        for (Case c : cases) {
            Path inbox = data.resolve("inbox").resolve(c.function());
            Path temp = inbox.resolve(c.name() + ".part");
            Files.write(temp, c.bytes());
            Files.move(temp, inbox.resolve(c.name()), StandardCopyOption.ATOMIC_MOVE);
        }
        Await.until(Duration.ofMinutes(4), () -> "every bad document filed:\n" + DataFolders.tree(data), () -> cases.stream()
                .allMatch(c -> Files.exists(data.resolve("failed").resolve(c.function()).resolve(c.name()
                        + ".error.txt"))));
        for (Case c : cases) {
            Path failed = data.resolve("failed").resolve(c.function());
            assertThat(failed.resolve(c.name())).as("%s kept as it was", c).hasBinaryContent(c.bytes());
            if (c == empty) {
                assertThat(failed.resolve(c.name() + ".error.txt")).as("why %s failed", c).content()
                        .contains(c.reason()).doesNotContain("exit code");
            } else {
                assertThat(failed.resolve(c.name() + ".error.txt")).as("why %s failed", c).content()
                        .contains("function: " + c.function()).contains("exit code: 65").contains(c.reason());
            }
            assertThat(data.resolve("inbox").resolve(c.function()).resolve(c.name())).doesNotExist();
        }
        for (String function : List.of("pdf", "txt")) {
            assertThat(DataFolders.files(data.resolve("outbox").resolve(function))).as("results of %s", function).isEmpty();
            assertThat(DataFolders.files(data.resolve("done").resolve(function))).as("done/ of %s", function).isEmpty();
        }
    }

    @Test
    void aLinkedImageIsNeverFetched() throws Exception {
        byte[] linked = linkedImageDocx(probeUrl);
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(app.url("/functions/pdf?filename=linked.docx"))
                .timeout(Duration.ofMinutes(3)).POST(HttpRequest.BodyPublishers.ofByteArray(linked)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Pdfs.read(response.body()).text()).contains("Linked picture below.");
        assertThat(PROBE_HITS.get()).as("requests that reached %s", probeUrl).isZero();

        // the control: the same document through a function with a network does fetch the image
        HttpResponse<byte[]> online = HTTP.send(HttpRequest.newBuilder(app.url("/functions/pdf-online"
                + "?filename=linked.docx")).timeout(Duration.ofMinutes(3)).POST(HttpRequest.BodyPublishers
                .ofByteArray(linked)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(online.statusCode()).isEqualTo(200);
        assertThat(PROBE_HITS.get()).as("requests from the function with a network").isPositive();
    }

    @Test
    void binaryDataThroughToupperComesBackByteForByte() throws Exception {
        byte[] every = new byte[256 * 64];
        for (int i = 0; i < every.length; i++) {
            every[i] = (byte) i;
        }
        byte[] expected = every.clone();
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] >= 'a' && expected[i] <= 'z') {
                expected[i] -= 32;
            }
        }
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(app.url("/functions/toupper"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(every)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(expected);
    }

    @Test
    void aFileNameWithDotDotOnlyNamesTheDownload() throws Exception {
        byte[] docx = Files.readAllBytes(Corpus.named("docx/paragraphs_and_tables.docx").path());
        HttpResponse<String> response = post("pdf", "../../outbox/pdf/../../../etc/evil.docx", docx);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Disposition").orElseThrow())
                .contains("filename=\"evil.pdf\"").doesNotContain("..", "/");
        // HTTP writes no files: the name reached nothing under the data root
        try (Stream<Path> all = Files.walk(app.dataDir())) {
            assertThat(all.filter(p -> p.getFileName().toString().contains("evil")).toList())
                    .as("files named after the request under the data root").isEmpty();
        }
    }

    private static HttpResponse<String> post(String function, String fileName, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(app.url("/functions/" + function + "?filename="
                + URLEncoder.encode(fileName, StandardCharsets.UTF_8))).timeout(Duration.ofMinutes(3))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A docx whose document.xml inflates to 1 GiB: larger than the function's memory and scratch space. */
    static byte[] zipBomb() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            wordPackage(zip, null);
            zip.putNextEntry(new ZipEntry("word/document.xml"));
            zip.write(("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"" + W + "\"><w:body><w:p>"
                    + "<w:r><w:t>").getBytes(StandardCharsets.UTF_8));
            byte[] mebibyte = new byte[1 << 20];
            Arrays.fill(mebibyte, (byte) 'A');
            for (int i = 0; i < 1024; i++) {
                zip.write(mebibyte);
            }
            zip.write("</w:t></w:r></w:p></w:body></w:document>".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    /** A one-paragraph docx with a picture that is not embedded but linked to {@code imageUrl}. */
    static byte[] linkedImageDocx(String imageUrl) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            wordPackage(zip, "<Relationship Id=\"rId9\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
                    + "relationships/image\" Target=\"" + imageUrl + "\" TargetMode=\"External\"/>");
            entry(zip, "word/document.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                    + "<w:document xmlns:w=\"" + W + "\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/"
                    + "2006/relationships\" xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/"
                    + "wordprocessingDrawing\" xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" "
                    + "xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><w:body>"
                    + "<w:p><w:r><w:t>Linked picture below.</w:t></w:r></w:p><w:p><w:r><w:drawing><wp:inline>"
                    + "<wp:extent cx=\"952500\" cy=\"952500\"/><wp:docPr id=\"1\" name=\"Picture 1\"/><a:graphic>"
                    + "<a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:pic>"
                    + "<pic:nvPicPr><pic:cNvPr id=\"0\" name=\"tracker.png\"/><pic:cNvPicPr/></pic:nvPicPr>"
                    + "<pic:blipFill><a:blip r:link=\"rId9\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>"
                    + "<pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"952500\" cy=\"952500\"/></a:xfrm>"
                    + "<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData>"
                    + "</a:graphic></wp:inline></w:drawing></w:r></w:p></w:body></w:document>");
        }
        return bytes.toByteArray();
    }

    private static final String W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    /** The parts every docx has besides its document: content types, the package and document relationships. */
    private static void wordPackage(ZipOutputStream zip, String documentRelationships) throws IOException {
        entry(zip, "[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas."
                + "openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\""
                + "application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" "
                + "ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\""
                + "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>");
        String relationships = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas."
                + "openxmlformats.org/package/2006/relationships\">";
        entry(zip, "_rels/.rels", relationships + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats"
                + ".org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
                + "</Relationships>");
        if (documentRelationships != null) {
            entry(zip, "word/_rels/document.xml.rels", relationships + documentRelationships + "</Relationships>");
        }
    }

    private static void entry(ZipOutputStream zip, String name, String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    /** The host's address on the Docker bridge: where a container with a network reaches the host. */
    private static InetAddress dockerBridgeAddress() throws IOException {
        NetworkInterface docker0 = NetworkInterface.getByName("docker0");
        if (docker0 != null) {
            for (InetAddress address : Collections.list(docker0.getInetAddresses())) {
                if (address instanceof Inet4Address) {
                    return address;
                }
            }
        }
        throw new AssertionError("No docker0 interface with an IPv4 address: this test needs the engine's default "
                + "bridge on this host.");
    }

}
