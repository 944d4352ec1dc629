package io.camelhydra.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.camelhydra.testing.Corpus;
import io.camelhydra.testing.Corpus.Document;

import static org.assertj.core.api.Assertions.assertThat;

/** What a correct conversion of a corpus document looks like, per the manifest. */
final class Conversions {

    private Conversions() {
    }

    static void assertConverted(Document doc, byte[] output) throws IOException {
        switch (doc.hydraFunction()) {
            case "pdf" -> {
                assertThat(new String(output, 0, Math.min(5, output.length), StandardCharsets.US_ASCII))
                        .as("%s gives a PDF", doc).isEqualTo("%PDF-");
                Pdfs.Content pdf = Pdfs.read(output);
                assertThat(pdf.pages()).as("%s pages", doc).isPositive();
                if (!doc.expectedText().isEmpty()) {
                    assertThat(Corpus.nfc(pdf.text())).as("text of the PDF made from %s", doc)
                            .contains(Corpus.nfc(doc.expectedText()));
                }
            }
            case "txt" -> {
                if (!doc.expectedText().isEmpty()) {
                    assertThat(Corpus.nfc(new String(output, StandardCharsets.UTF_8))).as("text of %s", doc)
                            .contains(Corpus.nfc(doc.expectedText()));
                }
            }
            default -> throw new IllegalArgumentException("no check for " + doc);
        }
    }

    /** The manifest's failure rows are the password-protected documents: the message must say so. */
    static void assertRejectionExplained(Document doc, String message) {
        assertThat(message).as("why %s was rejected", doc).containsIgnoringCase("password-protected");
    }
}
