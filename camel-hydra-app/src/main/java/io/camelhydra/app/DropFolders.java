package io.camelhydra.app;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.camelhydra.component.hydra.FunctionDefinition;
import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.spi.OnCamelContextStarting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drop-folder layout under a root: {@code inbox/<function>/} in, {@code outbox/<function>/} out, then the input
 * moves to {@code done/<function>/} or, with a {@code .error.txt} beside it, to {@code failed/<function>/}. Creates the
 * folders at start and removes partial results a crash left behind (their inputs are still in the inbox).
 */
public class DropFolders implements OnCamelContextStarting {

    /** Prefix of results being written; they are renamed to their real name once complete. */
    public static final String TEMP_PREFIX = ".hydra-";
    /** The id of the route in routes/drop-folders.yaml. */
    static final String ROUTE_ID = "drop-folders";
    static final List<String> FOLDERS = List.of("inbox", "outbox", "done", "failed");

    private static final Logger LOG = LoggerFactory.getLogger(DropFolders.class);

    private String dataDir = "data";

    @Override
    public void onContextStarting(CamelContext context) {
        if (((ModelCamelContext) context).getRouteDefinition(ROUTE_ID) == null) {
            return; // the drop-folder route is not loaded (HYDRA_ROUTES points elsewhere)
        }
        Path root = Path.of(dataDir).toAbsolutePath().normalize();
        prepare(context, root);
        LOG.info("Drop folders: put files in {}/inbox/<function>/, results appear in {}/outbox/<function>/", root,
                root);
    }

    /** Creates the layout for every catalogued function under {@code root} and removes partial results. */
    static void prepare(CamelContext context, Path root) {
        try {
            for (FunctionDefinition function : Catalogs.of(context).functions()) {
                for (String folder : FOLDERS) {
                    Files.createDirectories(root.resolve(folder).resolve(function.name()));
                }
            }
            removePartialFiles(root.resolve("outbox"));
            removePartialFiles(root.resolve("failed"));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot prepare the folders under " + root + " (" + e
                    + "). Check that the data root is writable or set HYDRA_DATA_DIR.", e);
        }
    }

    private static void removePartialFiles(Path parent) throws IOException {
        if (!Files.isDirectory(parent)) {
            return;
        }
        try (DirectoryStream<Path> functions = Files.newDirectoryStream(parent, Files::isDirectory)) {
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

    public String getDataDir() {
        return dataDir;
    }

    /** The data root holding inbox/, outbox/, done/ and failed/. */
    public void setDataDir(String dataDir) {
        this.dataDir = dataDir;
    }
}
