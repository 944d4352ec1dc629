package io.camelhydra.component.hydra.runtime;

/** How a container call ended. */
public enum Outcome {
    /** The process exited by itself; the exit code says whether it succeeded. */
    EXITED,
    /** The wall-clock limit was reached; the container was killed. */
    TIMED_OUT,
    /** The process wrote more than the output limit; the container was killed. */
    OUTPUT_LIMIT_EXCEEDED,
    /** The kernel killed the process for going over the memory limit. */
    OUT_OF_MEMORY
}
