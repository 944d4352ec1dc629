package io.camelhydra.component.hydra.runtime;

import java.time.Duration;

/**
 * What one container call produced besides its standard output.
 *
 * @param containerId  the (already removed) container's id
 * @param outcome      how the call ended
 * @param exitCode     the process's exit code; meaningful when {@code outcome} is {@link Outcome#EXITED}, otherwise
 *                     what the engine reported for the killed process (or -1 when unknown)
 * @param stderrTail   the last bytes the process wrote to standard error, decoded as UTF-8
 * @param duration     from create to exit
 * @param bytesIn      bytes of the body delivered to stdin
 * @param bytesOut     bytes written to stdout (up to the limit)
 */
public record ContainerExit(
        String containerId, Outcome outcome, int exitCode, String stderrTail, Duration duration, long bytesIn,
        long bytesOut) {

    /** The last non-blank line of stderr: by convention the function's reason for failing. */
    public String lastStderrLine() {
        String[] lines = stderrTail.strip().split("\\R");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].isBlank()) {
                return lines[i].strip();
            }
        }
        return "";
    }
}
