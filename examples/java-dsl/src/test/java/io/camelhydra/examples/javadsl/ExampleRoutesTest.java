package io.camelhydra.examples.javadsl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs the example as it ships (application.properties, the repository's function catalog) against real containers
 * on the real engine, with its folders moved to a temporary directory. Without an engine it skips loudly, unless
 * {@code CI=true}: then it fails, because a CI run that skipped it would prove nothing.
 */
class ExampleRoutesTest {

    private static final List<String> IMAGES = List.of("camel-hydra/fn-pdf:1", "camel-hydra/fn-toupper:1");
    private static final String OWNER = "example-java-dsl-test-" + UUID.randomUUID();
    private static final Duration CONVERSION_WAIT = Duration.ofSeconds(120);

    @TempDir
    static Path data;

    private static Main main;
    private static ProducerTemplate template;

    @BeforeAll
    static void startExample() throws Exception {
        requireDocker();
        main = new Main(ExampleApplication.class);
        main.addOverrideProperty("example.inbox", data.resolve("inbox").toString());
        main.addOverrideProperty("example.outbox", data.resolve("outbox").toString());
        main.addOverrideProperty("camel.component.hydra.instanceId", OWNER);
        main.start();
        template = main.getCamelContext().createProducerTemplate();
    }

    @AfterAll
    static void stopExample() throws Exception {
        if (template != null) {
            template.close();
        }
        if (main != null) {
            main.stop();
            assertThat(containersOf(OWNER)).as("containers labelled io.camelhydra.owner=%s after stop", OWNER).isZero();
        }
    }

    @AfterEach
    void noContainerLeftBehind() throws Exception {
        assertThat(containersOf(OWNER)).as("containers labelled io.camelhydra.owner=%s", OWNER).isZero();
    }

    @Test
    void docxDroppedInTheInboxBecomesAPdfWithItsText() throws Exception {
        Path docx = corpus().resolve("docx/paragraphs_and_tables.docx");
        assertThat(docx).as("corpus document (set HYDRA_CORPUS_DIR)").isRegularFile();

        drop(docx, "pdf");

        Path pdf = awaitResult("paragraphs_and_tables.pdf", "pdf", docx.getFileName().toString());
        try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("This is the paragraph before the table.").contains("INNER TABLE!");
        }
        assertThat(data.resolve("inbox/pdf/.done/paragraphs_and_tables.docx")).isRegularFile();
    }

    @Test
    void encryptedDocxIsRejectedAndMovedToFailed() throws Exception {
        // The manifest: LibreOffice cannot open it without the password; the call must fail, not yield an empty PDF.
        drop(corpus().resolve("docx/protected_page_1.docx"), "pdf");

        Path failed = data.resolve("inbox/pdf/.failed/protected_page_1.docx");
        awaitFile(failed, "the rejected input in .failed/");
        assertThat(data.resolve("outbox/protected_page_1.pdf")).doesNotExist();
    }

    @Test
    void inlineFunctionCountsWords() {
        String count = template.requestBody("direct:word-count", "The quick brown fox\njumps over the lazy dog.\n",
                String.class);

        assertThat(count).isEqualTo("9");
    }

    @Test
    void textFileDroppedInTheInboxGetsItsWordCount() throws Exception {
        Path text = data.resolve("words.txt");
        Files.writeString(text, "one two three\nfour\n", StandardCharsets.UTF_8);

        drop(text, "wordcount");

        assertThat(Files.readString(awaitResult("words.words.txt", "wordcount", "words.txt"))).isEqualTo("4\n");
    }

    /** Copies a file into an inbox folder under a dot name (never taken), then renames it: the consumer sees it whole. */
    private static void drop(Path file, String folder) throws IOException {
        Path inbox = Files.createDirectories(data.resolve("inbox").resolve(folder));
        Path partial = inbox.resolve("." + file.getFileName() + ".part");
        Files.copy(file, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, inbox.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Waits for a result in the outbox; fails at once when the route moved the input to .failed/ instead. */
    private static Path awaitResult(String name, String folder, String input) throws Exception {
        Path result = data.resolve("outbox").resolve(name);
        Path failed = data.resolve("inbox").resolve(folder).resolve(".failed").resolve(input);
        long deadline = System.nanoTime() + CONVERSION_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isRegularFile(result)) {
                return result;
            }
            if (Files.exists(failed)) {
                fail("The route moved its input to " + failed + " instead of writing " + result
                     + ": the log above says why");
            }
            Thread.sleep(200);
        }
        return fail("No " + result + " after " + CONVERSION_WAIT.toSeconds() + " s");
    }

    private static void awaitFile(Path file, String what) throws InterruptedException {
        long deadline = System.nanoTime() + CONVERSION_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isRegularFile(file)) {
                return;
            }
            Thread.sleep(200);
        }
        fail("No " + what + " (" + file + ") after " + CONVERSION_WAIT.toSeconds() + " s");
    }

    /** The shared corpus: HYDRA_CORPUS_DIR, else ../shared/corpus beside the repository. Read in place, never copied. */
    private static Path corpus() {
        String env = System.getenv("HYDRA_CORPUS_DIR");
        Path dir = env != null && !env.isBlank() ? Path.of(env)
                : Path.of(System.getProperty("hydra.project.dir", "../..")).resolve("../shared/corpus");
        return dir.toAbsolutePath().normalize();
    }

    private static void requireDocker() {
        String why = null;
        CommandResult info = docker("info", "--format", "{{.ServerVersion}}");
        if (info.exitCode != 0) {
            why = "no usable Docker engine (docker info: " + info.output.strip() + ")";
        } else {
            for (String image : IMAGES) {
                if (docker("image", "inspect", image).exitCode != 0) {
                    why = "image " + image + " is missing: build the function images with ./hydra images";
                    break;
                }
            }
        }
        if (why == null) {
            return;
        }
        String message = "The java-dsl example test runs real containers: " + why;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message + " (CI=true: failing instead of skipping)");
        }
        System.err.println("\n*** SKIPPED *** " + message + "\n");
        Assumptions.abort(message);
    }

    private static int containersOf(String owner) {
        CommandResult ps = docker("ps", "-aq", "--filter", "label=io.camelhydra.owner=" + owner);
        assertThat(ps.exitCode).as("docker ps: %s", ps.output).isZero();
        return (int) ps.output.lines().filter(line -> !line.isBlank()).count();
    }

    private record CommandResult(int exitCode, String output) {
    }

    private static CommandResult docker(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new CommandResult(-1, String.join(" ", command) + " did not answer within 30 s");
            }
            return new CommandResult(process.exitValue(), output);
        } catch (IOException e) {
            return new CommandResult(-1, "cannot run docker: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CommandResult(-1, "interrupted");
        }
    }
}
