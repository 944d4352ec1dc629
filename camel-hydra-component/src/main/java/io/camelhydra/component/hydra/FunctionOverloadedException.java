package io.camelhydra.component.hydra;

import org.apache.camel.RuntimeCamelException;

/**
 * The function is busy: all of its slots run calls and its waiting line is full. Nothing was run; try again shortly
 * (HTTP answers 503 with Retry-After), or raise maxConcurrentCalls / maxQueuedCalls if the host has room.
 */
public class FunctionOverloadedException extends RuntimeCamelException {

    private final String function;

    public FunctionOverloadedException(String function, int maxConcurrent, int maxQueued) {
        super("Function " + function + " is busy: " + maxConcurrent + " calls are running and " + maxQueued
              + " are waiting (maxConcurrentCalls, maxQueuedCalls). Try again shortly.");
        this.function = function;
    }

    public String getFunction() {
        return function;
    }
}
