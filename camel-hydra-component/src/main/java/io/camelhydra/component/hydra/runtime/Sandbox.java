package io.camelhydra.component.hydra.runtime;

import java.util.Map;

/**
 * How a function's process is confined. The defaults of the component are the safe ones (no network, read-only root,
 * no capabilities, unprivileged user, memory, CPU and pid limits); a function may only be loosened on purpose.
 *
 * @param user                   user[:group] the process runs as
 * @param network                network mode, {@code none} for no network at all
 * @param readOnlyRootFilesystem mount the image read-only
 * @param tmpfs                  writable scratch mounts: path to mount options (e.g. {@code /tmp -> size=64m})
 * @param memoryBytes            memory limit; swap is set equal so the process cannot swap past it
 * @param nanoCpus               CPU limit in billionths of a CPU
 * @param pidsLimit              most processes/threads the function may have
 * @param dropAllCapabilities    drop every Linux capability
 * @param noNewPrivileges        forbid gaining privileges (setuid binaries)
 * @param init                   run a tiny init as PID 1 so signals and zombies are handled
 */
public record Sandbox(
        String user, String network, boolean readOnlyRootFilesystem, Map<String, String> tmpfs, long memoryBytes,
        long nanoCpus, long pidsLimit, boolean dropAllCapabilities, boolean noNewPrivileges, boolean init) {

    public Sandbox {
        tmpfs = Map.copyOf(tmpfs);
    }
}
