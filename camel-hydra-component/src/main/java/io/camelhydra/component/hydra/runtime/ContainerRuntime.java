package io.camelhydra.component.hydra.runtime;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * The seam between the hydra component and a container engine: everything the component needs from an engine,
 * and nothing more. The Docker implementation is the only code that knows docker-java; a warm pool or another
 * engine implements this same interface without touching endpoints or routes.
 */
public interface ContainerRuntime extends AutoCloseable {

    /**
     * Runs one fresh container for one call and removes it before returning, whatever happened.
     * <p>
     * {@code stdin} is streamed into the container's standard input while its standard output is streamed into
     * {@code stdout} (full duplex), then the container's stdin is closed so the process sees end-of-file. The call
     * returns once the output has ended and the exit code is known, or the time or output limit of the spec was
     * reached (the container is then killed).
     *
     * @throws ContainerRuntimeException when the container could not be run at all (engine unreachable, image
     *                                   missing, engine refused the request) or the body could not be read
     */
    ContainerExit run(ContainerSpec spec, InputStream stdin, OutputStream stdout);

    /**
     * Asks the engine who it is. Used for the start-up log line and for health checks.
     *
     * @throws ContainerRuntimeException with {@link ContainerRuntimeException.Kind#ENGINE_UNREACHABLE} when the
     *                                   engine does not answer
     */
    EngineInfo ping();

    /**
     * Removes every container carrying the given owner label value, running or not: what an earlier crash of the
     * same owner left behind.
     *
     * @return how many containers were removed
     */
    int removeLeftovers(String owner);

    /** Number of containers carrying the given owner label that exist right now (tests and health use it). */
    int countContainers(String owner);

    @Override
    void close();
}
