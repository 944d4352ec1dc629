package io.camelhydra.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The containers the engine created for one owner between two instants, from {@code docker events}: proves that a
 * request was answered without running anything, which a count of the containers alive afterwards cannot.
 */
final class ContainersCreated {

    private ContainersCreated() {
    }

    /** The images of the containers created for {@code owner} from {@code since} until now, one per container. */
    static List<String> since(String owner, Instant since) throws IOException, InterruptedException {
        Instant until = Instant.now().plusMillis(500); // events of the last moment are flushed by then
        Thread.sleep(600);
        Process events = new ProcessBuilder("docker", "events", "--since", epoch(since), "--until", epoch(until),
                "--filter", "type=container", "--filter", "event=create", "--filter",
                "label=io.camelhydra.owner=" + owner, "--format", "{{.From}}").redirectErrorStream(true).start();
        String out = new String(events.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (events.waitFor() != 0) {
            throw new IOException("docker events failed: " + out);
        }
        return out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static String epoch(Instant instant) {
        return String.format(Locale.ROOT, "%d.%09d", instant.getEpochSecond(), instant.getNano());
    }
}
