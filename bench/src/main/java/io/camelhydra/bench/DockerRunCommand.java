package io.camelhydra.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.camelhydra.component.hydra.HydraConfiguration;
import io.camelhydra.component.hydra.HydraEndpoint;

/**
 * The {@code docker run --rm -i} a user would type for the same function, read from the hydra endpoint's resolved
 * configuration (component defaults, then catalog entry, then URI), so both run the same image, command and sandbox.
 */
final class DockerRunCommand {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]?)i?b?");

    private DockerRunCommand() {
    }

    /**
     * @param endpoint the started hydra endpoint of the scenario
     * @param labels   labels for the container (so leftovers can be found and events matched)
     */
    static List<String> of(HydraEndpoint endpoint, Map<String, String> labels) {
        HydraConfiguration c = endpoint.getConfiguration();
        List<String> cmd = new ArrayList<>(List.of("docker", "run", "--rm", "-i"));
        labels.forEach((k, v) -> cmd.addAll(List.of("--label", k + "=" + v)));
        cmd.addAll(List.of("--network", c.getNetwork()));
        if (c.isReadOnlyRootFilesystem()) {
            cmd.add("--read-only");
        }
        if (c.getTmpfsSize() != null && !c.getTmpfsSize().isBlank()) {
            cmd.addAll(List.of("--tmpfs", "/tmp:rw,nosuid,nodev,size=" + bytes(c.getTmpfsSize())));
        }
        // HydraEndpoint always drops every capability, sets no-new-privileges and runs an init process.
        cmd.addAll(List.of("--cap-drop", "ALL", "--security-opt", "no-new-privileges"));
        cmd.addAll(List.of("--user", c.getUser()));
        long memory = bytes(c.getMemoryLimit());
        if (memory > 0) {
            cmd.addAll(List.of("--memory", Long.toString(memory), "--memory-swap", Long.toString(memory)));
        }
        if (c.getPidsLimit() > 0) {
            cmd.addAll(List.of("--pids-limit", Long.toString(c.getPidsLimit())));
        }
        if (c.getCpus() > 0) {
            cmd.addAll(List.of("--cpus", Double.toString(c.getCpus())));
        }
        cmd.add("--init");
        // hydra creates its containers without an engine log (the attach carries every byte): the same here, so
        // the engine writing stdout to its log file does not count against docker run
        cmd.addAll(List.of("--log-driver", "none"));
        c.getEnv().forEach((k, v) -> cmd.addAll(List.of("-e", k + "=" + (v == null ? "" : v))));
        if (c.getWorkingDir() != null && !c.getWorkingDir().isBlank()) {
            cmd.addAll(List.of("--workdir", c.getWorkingDir()));
        }
        cmd.add(c.getImage());
        cmd.addAll(command(endpoint));
        return List.copyOf(cmd);
    }

    /** The catalog's argument list, or the URI's command split on spaces (the bench's URIs need no quoting). */
    private static List<String> command(HydraEndpoint endpoint) {
        String uriCommand = endpoint.getConfiguration().getCommand();
        if (uriCommand != null && !uriCommand.isBlank()) {
            return List.of(uriCommand.strip().split("\\s+"));
        }
        return endpoint.getDefinition() != null ? endpoint.getDefinition().command() : List.of();
    }

    /** Sizes as the component reads them: {@code 64m} is 64 MiB. */
    static long bytes(String size) {
        Matcher m = SIZE.matcher(size == null ? "" : size.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size: '" + size + "'");
        }
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        return Long.parseLong(m.group(1)) << shift;
    }
}
