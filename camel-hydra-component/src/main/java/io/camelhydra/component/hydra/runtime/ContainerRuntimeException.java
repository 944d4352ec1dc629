package io.camelhydra.component.hydra.runtime;

/**
 * A container could not be run at all. The message says what to do about it; {@link #getKind()} lets callers tell a
 * missing image (a deployment fault) from an engine that is away (a transient fault worth retrying).
 */
public class ContainerRuntimeException extends RuntimeException {

    /** Why a container could not be run. */
    public enum Kind {
        /** The engine did not answer (not started, wrong DOCKER_HOST, restarted during the call). */
        ENGINE_UNREACHABLE,
        /** The image is not present on the engine. */
        IMAGE_MISSING,
        /** The engine answered but refused the request (bad option, conflict, server error). */
        ENGINE_REFUSED,
        /** The message body could not be read while it was streamed to the container. */
        INPUT_UNREADABLE,
        /**
         * Something outside the call stopped the container while it ran: the engine shutting down or restarting, or
         * an operator's {@code docker stop}/{@code docker kill}. Not the input's fault; worth trying again.
         */
        STOPPED_FROM_OUTSIDE
    }

    private final Kind kind;

    public ContainerRuntimeException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind getKind() {
        return kind;
    }
}
