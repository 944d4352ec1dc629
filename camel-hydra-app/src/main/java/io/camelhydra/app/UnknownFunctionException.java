package io.camelhydra.app;

import org.apache.camel.RuntimeCamelException;

/** A request or a folder named a function the catalog does not declare. */
public class UnknownFunctionException extends RuntimeCamelException {

    public UnknownFunctionException(String name, java.util.Collection<String> known) {
        super("No function named '" + name + "' in the catalog. Known functions: " + String.join(", ", known) + ".");
    }
}
