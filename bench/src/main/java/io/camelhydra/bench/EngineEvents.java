package io.camelhydra.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's own timestamps for each container of this run, from {@code docker events}: when it was created,
 * attached, started, when its process died and when it was destroyed (removed). Observed from outside, so the
 * component is measured unchanged. Optional: if {@code docker events} cannot run, the breakdown is left out.
 */
final class EngineEvents implements AutoCloseable {

    /** The container lifecycle events used for the breakdown, in order. */
    static final List<String> ACTIONS = List.of("create", "attach", "start", "die", "destroy");

    /** Label put on docker run containers; its value is the call id. */
    static final String CALL_LABEL = "io.camelhydra.bench.call";
    private static final String OWNER_LABEL = "io.camelhydra.owner";

    private final Process process;
    private final Thread reader;
    private final String owner;
    private final String callPrefix;
    /** Key (container id for hydra, call id for docker run) → action → epoch nanoseconds of its first occurrence. */
    private final Map<String, Map<String, Long>> events = new ConcurrentHashMap<>();

    private EngineEvents(Process process, String owner, String callPrefix) {
        this.process = process;
        this.owner = owner;
        this.callPrefix = callPrefix;
        this.reader = new Thread(this::read, "bench-docker-events");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /**
     * Starts {@code docker events} for containers owned by {@code owner} (hydra's instanceId) or labelled with a
     * call id starting with {@code callPrefix} (docker run).
     *
     * @return the listener, or {@code null} when docker events could not be started
     */
    static EngineEvents start(String owner, String callPrefix) {
        String format = "{{.TimeNano}}|{{.Action}}|{{.Actor.ID}}|{{index .Actor.Attributes \"" + OWNER_LABEL
                + "\"}}|{{index .Actor.Attributes \"" + CALL_LABEL + "\"}}";
        try {
            Process process = new ProcessBuilder("docker", "events", "--filter", "type=container", "--format", format)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return new EngineEvents(process, owner, callPrefix);
        } catch (IOException e) {
            return null;
        }
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split("\\|", -1);
                if (f.length < 5 || !ACTIONS.contains(f[1])) {
                    continue;
                }
                String key;
                if (f[4].startsWith(callPrefix)) {
                    key = f[4];
                } else if (f[3].equals(owner)) {
                    key = f[2];
                } else {
                    continue;
                }
                long at;
                try {
                    at = Long.parseLong(f[0]);
                } catch (NumberFormatException e) {
                    continue;
                }
                events.computeIfAbsent(key, k -> new ConcurrentHashMap<>()).putIfAbsent(f[1], at);
            }
        } catch (IOException e) {
            // the process was stopped
        }
    }

    /** Action → epoch nanoseconds for one container key; empty when none was seen. */
    Map<String, Long> of(String key) {
        return key == null ? Map.of() : events.getOrDefault(key, Map.of());
    }

    /** Gives late events a moment to arrive, then stops listening. */
    @Override
    public void close() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroy();
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
