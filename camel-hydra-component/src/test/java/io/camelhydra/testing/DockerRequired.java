package io.camelhydra.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.camelhydra.component.hydra.runtime.ContainerRuntimeException;
import io.camelhydra.component.hydra.runtime.docker.DockerContainerRuntime;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Integration tests run real containers. Without an engine they skip loudly on a developer machine, and fail when
 * {@code CI=true}: a CI run that silently skipped every container test would prove nothing.
 */
public class DockerRequired implements BeforeAllCallback {

    /** The images the tests use, as the catalog pins them. */
    public static final String TOUPPER_IMAGE = "camel-hydra/fn-toupper:1";
    public static final String PDF_IMAGE = "camel-hydra/fn-pdf:1";
    public static final String TXT_IMAGE = "camel-hydra/fn-txt:1";

    @Override
    public void beforeAll(ExtensionContext context) {
        try (DockerContainerRuntime runtime = new DockerContainerRuntime(null)) {
            runtime.ping();
        } catch (ContainerRuntimeException | IllegalArgumentException e) {
            unusable("no usable Docker engine: " + e.getMessage());
        }
        for (String image : List.of(TOUPPER_IMAGE, PDF_IMAGE, TXT_IMAGE)) {
            if (!imagePresent(image)) {
                unusable("image " + image + " is missing: build the function images with ./hydra images");
            }
        }
    }

    private static void unusable(String why) {
        String message = "Integration test needs Docker: " + why;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message + " (CI=true: failing instead of skipping)");
        }
        System.err.println("\n*** SKIPPED *** " + message + "\n");
        Assumptions.abort(message);
    }

    static boolean imagePresent(String image) {
        try {
            Process p = new ProcessBuilder("docker", "image", "inspect", image)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The project's root folder (where functions/ and routes/ are). */
    public static Path projectDir() {
        String dir = System.getProperty("hydra.project.dir");
        return dir != null ? Path.of(dir) : Path.of("..").toAbsolutePath().normalize();
    }
}
