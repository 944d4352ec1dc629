package io.camelhydra.component.hydra;

import java.time.Duration;

/** The function did not finish within its time limit; its container was killed and removed. */
public class FunctionTimeoutException extends FunctionFailedException {

    private final Duration timeout;

    public FunctionTimeoutException(
            String message, String function, String image, Duration timeout, Duration duration, String stderrTail) {
        super(message, function, image, -1, duration, stderrTail, "timed out after " + Durations.format(timeout));
        this.timeout = timeout;
    }

    public Duration getTimeout() {
        return timeout;
    }
}
