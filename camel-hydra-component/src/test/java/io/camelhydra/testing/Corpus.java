package io.camelhydra.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Assertions;

/**
 * The shared corpus of real third-party documents ({@code ../shared/corpus}, or {@code HYDRA_CORPUS_DIR}) and its
 * {@code MANIFEST.tsv}. Documents are read where they lie; nothing is copied into the repository.
 */
public final class Corpus {

    /** One manifest row. */
    public record Document(String file, String type, String function, String expectedResult, String expectedText) {

        public Path path() {
            return dir().resolve(file);
        }

        public String fileName() {
            return path().getFileName().toString();
        }

        /** Rows where the expected result is a failure (encrypted, corrupt). */
        public boolean mustFail() {
            String lower = expectedResult.toLowerCase(Locale.ROOT);
            return lower.contains("must fail");
        }

        /** The catalog function for this row, or null when none of ours handles it yet. */
        public String hydraFunction() {
            return switch (function) {
                case "libreoffice->pdf" -> "pdf";
                case "pdftotext" -> "txt";
                default -> null;
            };
        }

        @Override
        public String toString() {
            return file;
        }
    }

    private Corpus() {
    }

    public static Path dir() {
        String env = System.getenv("HYDRA_CORPUS_DIR");
        String prop = System.getProperty("hydra.corpus.dir");
        Path dir = Path.of(env != null && !env.isBlank() ? env : prop != null ? prop : "../../shared/corpus");
        return dir.toAbsolutePath().normalize();
    }

    /** All rows; fails (never skips) when the corpus is missing, since the tests that use it prove conversion. */
    public static List<Document> documents() {
        Path manifest = dir().resolve("MANIFEST.tsv");
        if (!Files.isRegularFile(manifest)) {
            Assertions.fail("Corpus manifest not found at " + manifest + ": put ../shared/corpus beside the "
                    + "project or set HYDRA_CORPUS_DIR.");
        }
        try {
            List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
            List<String> header = List.of(lines.get(0).split("\t", -1));
            List<Document> docs = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cols = line.split("\t", -1);
                docs.add(new Document(cols[header.indexOf("file")], cols[header.indexOf("type")],
                        cols[header.indexOf("function")], cols[header.indexOf("expected_result")],
                        cols[header.indexOf("expected_text")]));
            }
            return docs;
        } catch (IOException e) {
            throw new AssertionError("Cannot read " + manifest, e);
        }
    }

    /** Rows meant for one of our catalog functions. */
    public static List<Document> forFunction(String hydraFunction) {
        return documents().stream().filter(d -> hydraFunction.equals(d.hydraFunction())).toList();
    }

    public static Document named(String file) {
        return documents().stream().filter(d -> d.file().equals(file)).findFirst()
                .orElseThrow(() -> new AssertionError("corpus has no " + file));
    }

    /** Unicode NFC, as the manifest says texts must be compared. */
    public static String nfc(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFC);
    }
}
