package io.camelhydra.app;

import java.io.IOException;
import java.nio.file.Path;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/** Reads produced PDFs with PDFBox: an oracle independent of our own txt function. */
final class Pdfs {

    record Content(int pages, String text) {
    }

    private Pdfs() {
    }

    static Content read(Path pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
            return new Content(document.getNumberOfPages(), new PDFTextStripper().getText(document));
        }
    }

    static Content read(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new Content(document.getNumberOfPages(), new PDFTextStripper().getText(document));
        }
    }
}
