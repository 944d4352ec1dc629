package io.camelhydra.component.hydra.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything an engine needs to run one call: what to run, how it is confined and how long it may take. Immutable;
 * built by the endpoint from the catalog and the URI options.
 *
 * @param name            logical function name (for labels and messages)
 * @param image           image reference, pinned
 * @param command         argument array; empty means the image's own entrypoint/command
 * @param env             environment of the process
 * @param workingDir      working directory, or {@code null} for the image's
 * @param labels          labels put on the container (owner, function) so leftovers can be found and reaped
 * @param sandbox         confinement of the process
 * @param timeout         wall-clock limit from create to exit
 * @param maxOutputBytes  the call is stopped when stdout grows past this
 * @param stderrTailBytes how many trailing bytes of stderr are kept
 */
public record ContainerSpec(
        String name, String image, List<String> command, Map<String, String> env, String workingDir,
        Map<String, String> labels, Sandbox sandbox, Duration timeout, long maxOutputBytes, int stderrTailBytes) {

    public ContainerSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(image, "image");
        command = List.copyOf(command);
        env = Map.copyOf(env);
        labels = Map.copyOf(labels);
        Objects.requireNonNull(sandbox, "sandbox");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    /** The same spec with a different time limit (a per-message timeout may only lower it). */
    public ContainerSpec withTimeout(Duration newTimeout) {
        return new ContainerSpec(name, image, command, env, workingDir, labels, sandbox, newTimeout, maxOutputBytes,
                stderrTailBytes);
    }

    /** The same spec with one more environment variable. */
    public ContainerSpec withEnv(String key, String value) {
        Map<String, String> more = new java.util.HashMap<>(env);
        more.put(key, value);
        return new ContainerSpec(name, image, command, more, workingDir, labels, sandbox, timeout, maxOutputBytes,
                stderrTailBytes);
    }
}
