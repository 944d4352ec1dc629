package io.camelhydra.app;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.camelhydra.component.hydra.HydraComponent;
import io.camelhydra.component.hydra.HydraConstants;
import io.camelhydra.testing.DockerRequired;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.FileEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the file inputs name results, archived inputs and failure reports; no Docker needed. */
class FileRoutingTest {

    @TempDir
    Path data;

    private CamelContext context;
    private final FileRouting routing = new FileRouting();

    @BeforeEach
    void startContext() throws Exception {
        context = new DefaultCamelContext();
        HydraComponent hydra = new HydraComponent();
        hydra.setCatalog("file:" + DockerRequired.projectDir().resolve("functions/catalog.yaml"));
        context.addComponent("hydra", hydra);
        context.start();
    }

    @AfterEach
    void stopContext() {
        context.stop();
    }

    /** An exchange as the drop-folder consumer makes it for {@code inbox/<relative>} of {@link #data}. */
    private Exchange dropped(String relative, long length) {
        FileEndpoint inbox = context.getEndpoint("file:" + data.resolve("inbox"), FileEndpoint.class);
        Exchange exchange = new DefaultExchange(context);
        exchange.getExchangeExtension().setFromEndpoint(inbox);
        exchange.getIn().setHeader(Exchange.FILE_NAME, relative);
        exchange.getIn().setHeader(Exchange.FILE_LENGTH, length);
        return exchange;
    }

    private static String output(Exchange exchange) {
        return exchange.getIn().getHeader(FileRouting.OUTPUT_NAME, String.class);
    }

    private static String archive(Exchange exchange) {
        return exchange.getProperty(FileRouting.ARCHIVE_NAME, String.class);
    }

    @Test
    void aResultTakesTheNextFreeNameAndNeverReplacesOne() {
        Exchange exchange = dropped("pdf/report.docx", 100);
        routing.route(exchange);
        assertThat(output(exchange)).isEqualTo("pdf/report.pdf");
        assertThat(archive(exchange)).isEqualTo("pdf/report.docx");
        assertThat(exchange.getIn().getHeader(FileRouting.ERROR_REPORT_NAME)).isEqualTo("pdf/report.docx.error.txt");

        routing.outputNameTaken(exchange);
        assertThat(output(exchange)).isEqualTo("pdf/report.docx.pdf");
        assertThat(exchange.getIn().getHeader(FileRouting.OUTPUT_TEMP_NAME))
                .isEqualTo(".hydra-" + exchange.getExchangeId() + ".result");
        // a drop folder's done/ was looked at on the disk already: nothing there, the input keeps its name
        assertThat(archive(exchange)).isEqualTo("pdf/report.docx");

        routing.outputNameTaken(exchange);
        assertThat(output(exchange)).matches("pdf/report\\.docx\\.\\d{8}-\\d{6}-\\d{3}\\.pdf");

        assertThatThrownBy(() -> routing.outputNameTaken(exchange)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("The outbox already holds pdf/report.pdf, pdf/report.docx.pdf");
    }

    @Test
    void anInputWhoseNameIsArchivedAlreadyIsArchivedUnderAUniqueName() throws Exception {
        Files.createDirectories(data.resolve("done/toupper"));
        Files.writeString(data.resolve("done/toupper/notes.txt"), "an earlier input");
        Exchange exchange = dropped("toupper/notes.txt", 10);
        routing.route(exchange);
        assertThat(output(exchange)).isEqualTo("toupper/notes.txt");
        assertThat(archive(exchange)).matches("toupper/notes\\.\\d{8}-\\d{6}-\\d{3}\\.txt");
        assertThat(exchange.getIn().getHeader(FileRouting.ERROR_REPORT_NAME, String.class))
                .isEqualTo(archive(exchange) + ".error.txt");
    }

    @Test
    void aReportWhoseNameIsTakenMovesInputAndReportToAUniqueName() {
        Exchange exchange = dropped("pdf/bad.docx", 10);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new IllegalArgumentException("corrupt"));
        String report = routing.failureReport(exchange);
        assertThat(report).contains("file: pdf/bad.docx", "error: corrupt");
        assertThat(exchange.getProperty(FileRouting.OUTCOME)).isEqualTo("failed");
        assertThat(archive(exchange)).isEqualTo("pdf/bad.docx");

        routing.errorReportNameTaken(exchange);
        assertThat(archive(exchange)).matches("pdf/bad\\.\\d{8}-\\d{6}-\\d{3}\\.docx");
        assertThat(exchange.getIn().getHeader(FileRouting.ERROR_REPORT_NAME, String.class))
                .isEqualTo(archive(exchange) + ".error.txt");
        assertThatThrownBy(() -> routing.errorReportNameTaken(exchange)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void namesAtTheFileSystemLimitStayDistinctAndKeepWhatTellsThemApart() throws Exception {
        String name = "ß".repeat(125) + ".docx"; // 255 bytes, the most a file system takes
        Files.createDirectories(data.resolve("done/pdf"));
        Files.writeString(data.resolve("done/pdf/" + name), "an earlier input of the same name");
        Exchange exchange = dropped("pdf/" + name, 10);
        routing.route(exchange);
        String stamp = exchange.getProperty("hydraStamp", String.class);
        List<String> outputs = new ArrayList<>(List.of(output(exchange)));
        routing.outputNameTaken(exchange);
        outputs.add(output(exchange));
        routing.outputNameTaken(exchange);
        outputs.add(output(exchange));
        assertThat(outputs).as("three different names to try").doesNotHaveDuplicates();
        assertThat(outputs.get(1)).endsWith("~.docx.pdf");
        assertThat(outputs.get(2)).endsWith("~.docx." + stamp + ".pdf");
        // archived beside an earlier input of the same name: the stamp survives the cut, in the report too
        assertThat(archive(exchange)).endsWith("~." + stamp + ".docx");
        assertThat(exchange.getIn().getHeader(FileRouting.ERROR_REPORT_NAME, String.class))
                .endsWith("~." + stamp + ".docx.error.txt");
        List<String> written = new ArrayList<>(outputs);
        written.add(archive(exchange));
        written.add(exchange.getIn().getHeader(FileRouting.ERROR_REPORT_NAME, String.class));
        for (String path : written) {
            String fileName = path.substring(path.indexOf('/') + 1);
            assertThat(fileName.getBytes(StandardCharsets.UTF_8).length).as(fileName).isLessThanOrEqualTo(255);
            assertThat(fileName).startsWith("ßßß");
        }
        assertThat(exchange.getIn().getHeader(FileRouting.OUTPUT_TEMP_NAME, String.class).length())
                .as("temporary names are short").isLessThan(64);
    }

    @Test
    void anAbsurdlyLongExtensionIsCutLikeTheRestOfTheName() {
        String name = "a." + "x".repeat(250);
        assertThat(FileNames.extension(name)).isEmpty();
        String fitted = FileNames.fit(FileNames.stem(name), ".pdf");
        assertThat(fitted.getBytes(StandardCharsets.UTF_8).length).isEqualTo(255);
        assertThat(fitted).startsWith("a.xxx").endsWith("x~.pdf");
    }

    @Test
    void anEmptyFileIsRefusedWithAReason() {
        assertThatThrownBy(() -> routing.route(dropped("toupper/empty.txt", 0)))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("The file is empty");
    }

    @Test
    void aWrongTypeIsRefusedBeforeAnyContainerRuns() {
        assertThatThrownBy(() -> routing.route(dropped("toupper/slides.pptx", 10)))
                .isInstanceOf(RejectedInputException.class)
                .hasMessageContaining("Function toupper does not take .pptx files");
    }

    @Test
    void aFunctionsNoteIsPickedFromItsStderr() {
        Exchange exchange = dropped("txt/scan.pdf", 10);
        exchange.getIn().setHeader(HydraConstants.STDERR, "Syntax Warning: x\nhydra-txt: note: the PDF has no text "
                + "layer (scanned?)\n");
        routing.noteOf(exchange);
        assertThat(exchange.getIn().getHeader(FileRouting.NOTE))
                .isEqualTo(" (note: the PDF has no text layer (scanned?))");
        exchange.getIn().setHeader(HydraConstants.STDERR, "nothing to say\n");
        routing.noteOf(exchange);
        assertThat(exchange.getIn().getHeader(FileRouting.NOTE)).isEqualTo("");
        assertThat(FunctionNotes.of("x: note: ünïcode\u0007 and more")).isEqualTo("?n?code? and more");
    }
}
