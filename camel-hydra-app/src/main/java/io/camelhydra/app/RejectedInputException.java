package io.camelhydra.app;

import org.apache.camel.RuntimeCamelException;

/** The request cannot be given to the function as it is (wrong media type, too large, malformed). */
public class RejectedInputException extends RuntimeCamelException {

    private final int status;

    public RejectedInputException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status that describes the problem (400, 413, 415). */
    public int getStatus() {
        return status;
    }
}
