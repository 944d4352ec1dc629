package io.camelhydra.component.hydra;

import io.camelhydra.component.hydra.runtime.ContainerRuntimeException;
import org.apache.camel.RuntimeCamelException;

/**
 * The function could not be run at all: the engine does not answer, the image is missing, the engine refused the
 * container. Not the document's fault: inputs should be kept and retried once the cause is fixed. The message says
 * what to do.
 */
public class FunctionUnavailableException extends RuntimeCamelException {

    private final String function;
    private final String image;
    private final ContainerRuntimeException.Kind kind;

    public FunctionUnavailableException(String function, String image, ContainerRuntimeException cause) {
        super("Function " + function + " (" + image + ") could not be run: " + cause.getMessage(), cause);
        this.function = function;
        this.image = image;
        this.kind = cause.getKind();
    }

    public String getFunction() {
        return function;
    }

    public String getImage() {
        return image;
    }

    /** Why: engine unreachable, image missing, or refused by the engine. */
    public ContainerRuntimeException.Kind getKind() {
        return kind;
    }

    /** Whether the cause is expected to go away by itself (engine restarting): worth retrying later. */
    public boolean isTransient() {
        return kind == ContainerRuntimeException.Kind.ENGINE_UNREACHABLE
                || kind == ContainerRuntimeException.Kind.STOPPED_FROM_OUTSIDE;
    }
}
