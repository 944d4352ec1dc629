package io.camelhydra.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.OffsetDateTime;
import java.util.List;

import io.camelhydra.component.hydra.FunctionDefinition;
import io.camelhydra.component.hydra.FunctionFailedException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.OnCamelContextStarting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drop-folder layout under the data root: {@code inbox/<function>/} in, {@code outbox/<function>/} out, then the
 * input moves to {@code done/<function>/} or, with a {@code .error.txt} beside it, to {@code failed/<function>/}.
 * Prepares the folders at start and removes partial results a crash left behind.
 */
public class DropFolders implements OnCamelContextStarting {

    /** Exchange property naming where the input goes when the route is done: "done" or "failed". */
    public static final String OUTCOME = "hydraOutcome";
    /** Prefix of results being written; they are renamed to their real name once complete. */
    public static final String TEMP_PREFIX = ".hydra-";
    /** Route header with the result's file name. */
    public static final String OUTPUT_NAME = "hydraOutputName";
    /** The id of the route in routes/drop-folders.yaml. */
    static final String ROUTE_ID = "drop-folders";
    static final List<String> FOLDERS = List.of("inbox", "outbox", "done", "failed");

    private static final Logger LOG = LoggerFactory.getLogger(DropFolders.class);

    private String dataDir = "data";

    @Override
    public void onContextStarting(CamelContext context) {
        if (((org.apache.camel.model.ModelCamelContext) context).getRouteDefinition(ROUTE_ID) == null) {
            return; // the drop-folder route is not loaded (HYDRA_ROUTES points elsewhere)
        }
        Path root = Path.of(dataDir).toAbsolutePath().normalize();
        try {
            for (FunctionDefinition function : Catalogs.of(context).functions()) {
                for (String folder : FOLDERS) {
                    Files.createDirectories(root.resolve(folder).resolve(function.name()));
                }
            }
            removePartialResults(root.resolve("outbox"));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot prepare the drop folders under " + root + " (" + e
                    + "). Check that the data root is writable or set HYDRA_DATA_DIR.", e);
        }
        LOG.info("Drop folders: put files in {}/inbox/<function>/, results appear in {}/outbox/<function>/", root,
                root);
    }

    /** Partial results of conversions cut short by a crash: the inputs are still in the inbox and will be redone. */
    private static void removePartialResults(Path outbox) throws IOException {
        if (!Files.isDirectory(outbox)) {
            return;
        }
        try (DirectoryStream<Path> functions = Files.newDirectoryStream(outbox, Files::isDirectory)) {
            for (Path folder : functions) {
                try (DirectoryStream<Path> partial = Files.newDirectoryStream(folder, TEMP_PREFIX + "*")) {
                    for (Path file : partial) {
                        Files.deleteIfExists(file);
                        LOG.info("Removed partial result {} left by an earlier run", file);
                    }
                }
            }
        }
    }

    /**
     * Picks the function from the file's folder ({@code inbox/<function>/file}); the catalog must declare it. Sets
     * the route headers and the default outcome.
     */
    public void route(Exchange exchange) {
        exchange.setProperty(OUTCOME, "done");
        String relative = exchange.getIn().getHeader(Exchange.FILE_NAME, String.class).replace('\\', '/');
        int slash = relative.indexOf('/');
        String name = slash > 0 ? relative.substring(0, slash) : "";
        FunctionDefinition function = Catalogs.require(exchange.getContext(), name);
        exchange.getIn().setHeader(FunctionRequests.FUNCTION, function.name());
        exchange.getIn().setHeader(OUTPUT_NAME, outputName(function, relative.substring(slash + 1)));
    }

    /**
     * The result's name: the input's base name with the function's extension ({@code report.docx -> report.pdf}).
     * When another input already produced that name ({@code report.odt} after {@code report.docx}), the input's
     * extension is kept ({@code report.odt.pdf}) so neither result is lost.
     */
    String outputName(FunctionDefinition function, String inputName) {
        int dot = inputName.lastIndexOf('.');
        String base = dot > 0 ? inputName.substring(0, dot) : inputName;
        String plain = base + "." + function.extension();
        Path outbox = Path.of(dataDir, "outbox", function.name());
        if (dot > 0 && Files.exists(outbox.resolve(plain))) {
            return inputName + "." + function.extension();
        }
        return plain;
    }

    /**
     * The document was rejected (or the folder names no function): writes the reason next to where the input is
     * about to be moved, atomically, and sends the input to failed/.
     */
    public void fail(Exchange exchange) throws IOException {
        exchange.setProperty(OUTCOME, "failed");
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String relative = exchange.getIn().getHeader(Exchange.FILE_NAME, String.class);
        Path target = Path.of(dataDir, "failed").resolve(relative + ".error.txt").normalize();
        Files.createDirectories(target.getParent());
        StringBuilder text = new StringBuilder();
        text.append("file: ").append(relative).append('\n');
        text.append("time: ").append(OffsetDateTime.now()).append('\n');
        text.append("error: ").append(cause == null ? "unknown" : cause.getMessage()).append('\n');
        if (cause instanceof FunctionFailedException failed) {
            text.append("function: ").append(failed.getFunction()).append(" (").append(failed.getImage()).append(")\n");
            text.append("exit code: ").append(failed.getExitCode()).append('\n');
            text.append("reason: ").append(failed.getReason()).append('\n');
            text.append("\n--- end of the function's stderr ---\n").append(failed.getStderrTail());
        }
        Path temp = target.resolveSibling(TEMP_PREFIX + target.getFileName());
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        LOG.warn("Conversion of {} failed, moved to {}: {}", relative, target.getParent(),
                cause == null ? "unknown" : cause.getMessage());
    }

    public String getDataDir() {
        return dataDir;
    }

    /** The data root holding inbox/, outbox/, done/ and failed/. */
    public void setDataDir(String dataDir) {
        this.dataDir = dataDir;
    }
}
