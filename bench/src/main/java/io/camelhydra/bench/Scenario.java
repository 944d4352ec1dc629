package io.camelhydra.bench;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * One conversion measured three ways: its input, the hydra endpoint that performs it, what a correct output looks
 * like, and the tool a user would run locally instead (if the host has it).
 *
 * @param name        scenario name (a command-line choice)
 * @param description what goes in, for the report
 * @param input       the input file, given to every alternative
 * @param hydraUri    the endpoint; its resolved configuration also gives the docker run flags
 * @param check       what a correct output looks like
 * @param local       the local alternative
 */
record Scenario(String name, String description, Path input, String hydraUri, OutputCheck check, LocalTool local) {

    /** Size of the throughput scenario's input. */
    static final long THROUGHPUT_BYTES = 256L << 20;

    static final String TOUPPER_TEXT = """
            camel-hydra benchmark input. the quick brown fox jumps over the lazy dog; pack my box with five dozen
            liquor jugs. every message gets a fresh container: the body goes to stdin, stdout comes back as the new
            body, and the container is removed afterwards. this line and the ones above are plain ascii so that the
            expected output is simply the same text in upper case, which the benchmark checks byte for byte.
            """;

    /**
     * The local alternative.
     *
     * @param label      for the report, e.g. {@code local tr a-z A-Z}
     * @param command    argument array, or {@code null} when the tool is missing
     * @param outputFile where the tool writes its result when it cannot write to stdout, else {@code null}
     */
    record LocalTool(String label, List<String> command, Path outputFile) {

        boolean installed() {
            return command != null;
        }
    }

    /** Whether the report shows MB/s for this scenario. */
    boolean throughput() {
        return name.equals("cat");
    }

    long inputBytes() {
        try {
            return Files.size(input);
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Builds a scenario, writing its generated input (if any) under {@code workDir}.
     *
     * @throws IllegalArgumentException naming a missing corpus document
     */
    static Scenario create(String name, BenchOptions options, Path workDir) throws IOException {
        return switch (name) {
            case "toupper" -> {
                Path input = Files.writeString(workDir.resolve("toupper-input.txt"), TOUPPER_TEXT);
                byte[] expected = TOUPPER_TEXT.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
                yield new Scenario(name, TOUPPER_TEXT.length() + " B of text", input, "hydra:toupper",
                        out -> Arrays.equals(out.head(), expected) && out.bytes() == expected.length ? null
                                : "output is not the input in upper case (" + out.bytes() + " bytes, expected "
                                        + expected.length + ")",
                        local("local tr a-z A-Z", List.of("tr", "a-z", "A-Z")));
            }
            case "pdf" -> {
                Path input = corpusFile(options, "docx/paragraphs_and_tables.docx");
                Path profile = workDir.resolve("soffice-profile");
                Path outDir = workDir.resolve("soffice-out");
                String soffice = onPath("soffice") != null ? "soffice" : onPath("libreoffice") != null
                        ? "libreoffice" : null;
                LocalTool tool = soffice == null ? new LocalTool("local LibreOffice", null, null)
                        : new LocalTool("local " + soffice + " --convert-to pdf", List.of(soffice, "--headless",
                                "--norestore", "--nologo", "-env:UserInstallation=" + profile.toUri(),
                                "--convert-to", "pdf", "--outdir", outDir.toString(), input.toString()),
                                outDir.resolve("paragraphs_and_tables.pdf"));
                yield new Scenario(name, "paragraphs_and_tables.docx, " + kb(input) + ", 1 page", input,
                        "hydra:pdf", Scenario::pdfProblem, tool);
            }
            case "txt" -> {
                Path input = corpusFile(options, "pdf/two_column.pdf");
                String expected = "The role of mentorship in prot"; // MANIFEST.tsv's expected_text
                yield new Scenario(name, "two_column.pdf, " + kb(input) + ", 6 pages", input, "hydra:txt",
                        out -> out.bytes() > 0 && Normalizer.normalize(out.headText(), Normalizer.Form.NFC)
                                .contains(expected) ? null
                                : "output (" + out.bytes() + " bytes) does not contain '" + expected + "'",
                        local("local pdftotext -enc UTF-8 FILE -",
                                List.of("pdftotext", "-enc", "UTF-8", input.toString(), "-")));
            }
            case "cat" -> {
                Path input = workDir.resolve("throughput-input.bin");
                byte[] block = writeThroughputInput(input);
                byte[] head = Arrays.copyOf(block, 16);
                // fn-toupper is the busybox image (scripts/build-images.sh); the function is defined on the URI.
                yield new Scenario(name, "256 MiB through cat", input,
                        "hydra:cat?image=camel-hydra/fn-toupper:1&command=cat",
                        out -> out.bytes() == THROUGHPUT_BYTES && out.startsWith(head) ? null
                                : "output is " + out.bytes() + " bytes, expected the " + THROUGHPUT_BYTES
                                        + " input bytes",
                        local("local cat", List.of("cat")));
            }
            default -> throw new IllegalArgumentException("unknown scenario " + name);
        };
    }

    private static String pdfProblem(DrainedOutput out) {
        if (out.bytes() == 0) {
            return "no output at all";
        }
        if (!out.startsWith("%PDF-".getBytes(StandardCharsets.US_ASCII))) {
            return "output (" + out.bytes() + " bytes) does not start with %PDF-";
        }
        return null;
    }

    /** A local tool that reads stdin or a file and writes stdout; labelled "local executable" when missing. */
    private static LocalTool local(String label, List<String> command) {
        return onPath(command.get(0)) == null ? new LocalTool("local " + command.get(0), null, null)
                : new LocalTool(label, command, null);
    }

    /** The executable's path when it is on PATH, else {@code null}. */
    static Path onPath(String executable) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, executable);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static Path corpusFile(BenchOptions options, String relative) {
        Path file = options.corpusDir().resolve(relative);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("corpus document " + file + " is missing: set HYDRA_CORPUS_DIR to the"
                    + " shared corpus (see ../shared/corpus/README.md).");
        }
        return file;
    }

    /** Writes 256 MiB of a repeated 64 KiB random block; returns the block. */
    private static byte[] writeThroughputInput(Path file) throws IOException {
        byte[] block = new byte[64 * 1024];
        new Random(20261203L).nextBytes(block);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < THROUGHPUT_BYTES; written += block.length) {
                out.write(block);
            }
        }
        return block;
    }

    private static String kb(Path file) throws IOException {
        return Math.round(Files.size(file) / 1000.0) + " kB";
    }
}
