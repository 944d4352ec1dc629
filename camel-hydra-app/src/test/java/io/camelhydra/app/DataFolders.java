package io.camelhydra.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Looks into the app's data folders (drop folders, the embedded FTP server's home) for the file-input tests. */
final class DataFolders {

    private DataFolders() {
    }

    /** Names of the regular files directly in a folder, sorted; none when it does not exist. */
    static List<String> files(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(folder)) {
            return list.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Every file under a folder, with the text of the failure reports: for failure messages. */
    static String tree(Path root) {
        StringBuilder out = new StringBuilder();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                out.append('\n').append(root.relativize(p));
                if (p.getFileName().toString().endsWith(".error.txt")) {
                    out.append(":\n").append(Files.readString(p));
                }
            }
        } catch (IOException e) {
            out.append("\n(cannot list ").append(root).append(": ").append(e).append(')');
        }
        return out.toString();
    }

    /** Results still being written ({@code .hydra-*}) anywhere under a folder. */
    static List<Path> temporaryFiles(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> p.getFileName().toString().startsWith(".hydra-")).toList();
        }
    }

    static void assertNoTemporaryFiles(Path root) throws IOException {
        assertThat(temporaryFiles(root)).as("partial results under %s", root).isEmpty();
    }
}
