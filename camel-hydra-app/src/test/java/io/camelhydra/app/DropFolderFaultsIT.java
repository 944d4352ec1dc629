package io.camelhydra.app;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.camelhydra.component.hydra.runtime.docker.DockerContainerRuntime;
import io.camelhydra.testing.Corpus;
import io.camelhydra.testing.DockerRequired;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

/**
 * Drop folders under the faults real deployments hit: slow writers (also ones that set the modification time back),
 * awkward and long names, many files at once, files of the wrong type.
 */
@ExtendWith(DockerRequired.class)
class DropFolderFaultsIT {

    @TempDir
    static Path work;

    private static AppProcess app;
    private static final DockerContainerRuntime DOCKER = new DockerContainerRuntime(null);

    @BeforeAll
    static void startApp() throws Exception {
        app = new AppProcess(work).start();
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
    void noContainerLeftBehind() throws Exception {
        Await.until(Duration.ofSeconds(30), "containers removed", () -> DOCKER.countContainers(app.instanceId()) == 0);
    }

    private static Path folder(String kind, String function) {
        return app.dataDir().resolve(kind).resolve(function);
    }

    private static void awaitDone(String function, String name) throws Exception {
        Path done = folder("done", function).resolve(name);
        Path failed = folder("failed", function).resolve(name);
        Await.until(Duration.ofMinutes(3), () -> name + " done\n" + app.logTail(),
                () -> Files.exists(done) || Files.exists(failed));
        assertThat(done).as("%s converted, not failed", name).exists();
    }

    private static String asciiUpperCase(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().forEach(c -> out.append((char) (c >= 'a' && c <= 'z' ? c - 32 : c)));
        return out.toString();
    }

    @Test
    void aWriterThatKeepsTheFileOpenAndPausesIsWaitedFor() throws Exception {
        Path file = folder("inbox", "toupper").resolve("open-writer.txt");
        String chunk = "chunk of text\n".repeat(500);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < 4; i++) {
                out.write(chunk.getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(3000); // longer than the 2 s quiet period: only the open file gives it away
                assertThat(folder("done", "toupper").resolve("open-writer.txt")).as("taken while open").doesNotExist();
            }
        }
        awaitDone("toupper", "open-writer.txt");
        assertThat(Files.readString(folder("outbox", "toupper").resolve("open-writer.txt")))
                .isEqualTo(asciiUpperCase(chunk.repeat(4)));
    }

    @Test
    void aWriterThatAppendsAndSetsTheModificationTimeBackIsWaitedFor() throws Exception {
        Path file = folder("inbox", "toupper").resolve("old-mtime.txt");
        String chunk = "appended line\n".repeat(500);
        FileTime old = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));
        for (int i = 0; i < 5; i++) {
            // a new open for every chunk, like `cat chunk >> file; touch -d 2001-01-01 file`
            Files.writeString(file, chunk, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Files.setLastModifiedTime(file, old);
            Thread.sleep(1200);
            assertThat(folder("done", "toupper").resolve("old-mtime.txt")).as("taken half-written").doesNotExist();
        }
        awaitDone("toupper", "old-mtime.txt");
        assertThat(Files.readString(folder("outbox", "toupper").resolve("old-mtime.txt")))
                .isEqualTo(asciiUpperCase(chunk.repeat(5)));
    }

    @Test
    void awkwardAndLongNamesWork() throws Exception {
        List<String> names = List.of("with space (1).txt", "quote\"and'apostrophe.txt", "semi;colon$HOME.txt",
                "amp&query?hash#percent%20.txt", "Straße_ß_é.txt", "`id`$(touch x).txt", "L".repeat(200) + ".txt");
        for (String name : names) {
            Path staged = work.resolve("staged-" + Math.abs(name.hashCode()));
            Files.writeString(staged, "content of " + name);
            Files.move(staged, folder("inbox", "toupper").resolve(name), StandardCopyOption.ATOMIC_MOVE);
        }
        for (String name : names) {
            awaitDone("toupper", name);
            assertThat(Files.readString(folder("outbox", "toupper").resolve(name)))
                    .isEqualTo(asciiUpperCase("content of " + name));
        }
        assertThat(work.resolve("x")).doesNotExist();
        assertThat(DockerRequired.projectDir().resolve("x")).doesNotExist();
    }

    @Test
    void aFileOfTheWrongTypeIsRefusedNotConverted() throws Exception {
        Files.copy(Corpus.named("docx/paragraphs_and_tables.docx").path(),
                folder("inbox", "toupper").resolve("paragraphs_and_tables.docx"));
        Path failed = folder("failed", "toupper").resolve("paragraphs_and_tables.docx");
        Await.until(Duration.ofMinutes(1), "refused", () -> Files.exists(failed));
        assertThat(Files.readString(failed.resolveSibling("paragraphs_and_tables.docx.error.txt")))
                .contains("Function toupper does not take .docx files");
        assertThat(folder("outbox", "toupper").resolve("paragraphs_and_tables.txt")).doesNotExist();
    }

    /** Drops a file the way a careful writer does (written elsewhere, then moved in) and waits until it is taken. */
    private static void dropAndAwait(String function, String name, byte[] content) throws Exception {
        Path staged = work.resolve("staged-" + System.nanoTime());
        Files.write(staged, content);
        Path inbox = folder("inbox", function).resolve(name);
        Files.move(staged, inbox, StandardCopyOption.ATOMIC_MOVE);
        Await.until(Duration.ofMinutes(2), () -> name + " taken from the inbox\n" + app.logTail(),
                () -> !Files.exists(inbox));
    }

    private static List<String> names(String kind, String function, String prefix) throws Exception {
        try (var files = Files.list(folder(kind, function))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).sorted().toList();
        }
    }

    @Test
    void theSameNameDroppedThreeTimesKeepsEveryResultAndEveryInput() throws Exception {
        for (String word : List.of("first", "second", "third")) {
            dropAndAwait("toupper", "again.txt", (word + "\n").getBytes(StandardCharsets.UTF_8));
        }
        List<String> results = names("outbox", "toupper", "again.");
        assertThat(results).hasSize(3).contains("again.txt", "again.txt.txt");
        assertThat(Files.readString(folder("outbox", "toupper").resolve("again.txt"))).isEqualTo("FIRST\n");
        assertThat(Files.readString(folder("outbox", "toupper").resolve("again.txt.txt"))).isEqualTo("SECOND\n");
        String third = results.stream().filter(n -> n.matches("again\\.txt\\.\\d{8}-\\d{6}-\\d{3}\\.txt"))
                .findFirst().orElseThrow(() -> new AssertionError("third result: " + results));
        assertThat(Files.readString(folder("outbox", "toupper").resolve(third))).isEqualTo("THIRD\n");
        // the inputs too: the first under its own name, the later ones under unique names
        List<String> inputs = names("done", "toupper", "again.");
        assertThat(inputs).hasSize(3).contains("again.txt");
        List<String> contents = new ArrayList<>();
        for (String input : inputs) {
            contents.add(Files.readString(folder("done", "toupper").resolve(input)));
        }
        assertThat(contents).containsExactlyInAnyOrder("first\n", "second\n", "third\n");
    }

    @Test
    void namesAtTheFileSystemLimitAreConvertedOrRefusedAgainAndAgainWithoutLoopingOrLoss() throws Exception {
        String longest = "M".repeat(251) + ".txt"; // 255 bytes: the most a file system takes
        dropAndAwait("toupper", longest, "first at the limit\n".getBytes(StandardCharsets.UTF_8));
        dropAndAwait("toupper", longest, "again at the limit\n".getBytes(StandardCharsets.UTF_8));
        // the second result and the second input need longer names: cut, keeping what tells them apart
        List<String> results = names("outbox", "toupper", "MMMM");
        assertThat(results).hasSize(2).contains(longest);
        String second = results.stream().filter(n -> !n.equals(longest)).findFirst().orElseThrow();
        assertThat(second).endsWith("~.txt.txt");
        assertThat(Files.readString(folder("outbox", "toupper").resolve(longest))).isEqualTo("FIRST AT THE LIMIT\n");
        assertThat(Files.readString(folder("outbox", "toupper").resolve(second))).isEqualTo("AGAIN AT THE LIMIT\n");
        List<String> inputs = names("done", "toupper", "MMMM");
        assertThat(inputs).hasSize(2).contains(longest);
        assertThat(inputs).filteredOn(n -> !n.equals(longest)).singleElement(as(STRING))
                .matches("M+~\\.\\d{8}-\\d{6}-\\d{3}\\.txt");

        String refused = "R".repeat(250) + ".pptx";
        dropAndAwait("toupper", refused, "not slides".getBytes(StandardCharsets.UTF_8));
        dropAndAwait("toupper", refused, "still not slides".getBytes(StandardCharsets.UTF_8));
        List<String> failed = names("failed", "toupper", "RRRR");
        assertThat(failed).as("both inputs and a report for each").hasSize(4).contains(refused);
        List<String> reports = failed.stream().filter(n -> n.endsWith(".error.txt")).toList();
        assertThat(reports).hasSize(2).allMatch(n -> n.contains("~"));
        for (String report : reports) {
            assertThat(Files.readString(folder("failed", "toupper").resolve(report)))
                    .contains("Function toupper does not take .pptx files");
        }
        String log = app.logText();
        assertThat(log.split("drop folder: toupper/" + refused + " rejected: Function toupper does not take .pptx",
                -1)).as("each rejection logged with its own reason").hasSize(3);
        assertThat(log).doesNotContain("File name too long").doesNotContain("rejected: File already exist");
    }

    @Test
    void anEmptyFileIsRefusedWithAReason() throws Exception {
        dropAndAwait("toupper", "empty.txt", new byte[0]);
        assertThat(folder("failed", "toupper").resolve("empty.txt")).exists();
        assertThat(Files.readString(folder("failed", "toupper").resolve("empty.txt.error.txt")))
                .contains("The file is empty: there is nothing to convert.");
        assertThat(folder("outbox", "toupper").resolve("empty.txt")).doesNotExist();
    }

    @Test
    void manyFilesAreConvertedInParallelWithinTheFunctionsLimitAndEachOnce() throws Exception {
        int files = 6;
        int peak;
        try (PeakContainers pdfContainers = new PeakContainers(app.instanceId(), "pdf")) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < files; i++) {
                String name = "parallel-" + i + ".docx";
                Path staged = work.resolve(name);
                Files.copy(Corpus.named("docx/paragraphs_and_tables.docx").path(), staged);
                Files.move(staged, folder("inbox", "pdf").resolve(name), StandardCopyOption.ATOMIC_MOVE);
                names.add(name);
            }
            for (String name : names) {
                awaitDone("pdf", name);
            }
            peak = pdfContainers.peak();
        }
        try (var outputs = Files.list(folder("outbox", "pdf"))) {
            List<String> results = outputs.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("parallel-")).sorted().toList();
            assertThat(results).as("each converted exactly once").containsExactly("parallel-0.pdf",
                    "parallel-1.pdf", "parallel-2.pdf", "parallel-3.pdf", "parallel-4.pdf", "parallel-5.pdf");
        }
        // the catalog allows pdf 2 calls at once: more would overload the host, fewer would be serial
        assertThat(peak).as("pdf containers at once").isEqualTo(2);
    }
}
