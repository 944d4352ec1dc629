package io.camelhydra.component.hydra;

import java.time.Duration;

import org.apache.camel.RuntimeCamelException;

/**
 * The function ran and failed: an exit code that does not count as success, output that is not what the function
 * promises, the output limit, the memory limit. Carries what a user needs to act: function, image, exit code,
 * duration and the end of stderr. Its message is written for people.
 */
public class FunctionFailedException extends RuntimeCamelException {

    private final String function;
    private final String image;
    private final int exitCode;
    private final Duration duration;
    private final String stderrTail;
    private final String reason;

    public FunctionFailedException(
            String message, String function, String image, int exitCode, Duration duration, String stderrTail,
            String reason) {
        super(message);
        this.function = function;
        this.image = image;
        this.exitCode = exitCode;
        this.duration = duration;
        this.stderrTail = stderrTail;
        this.reason = reason;
    }

    public String getFunction() {
        return function;
    }

    public String getImage() {
        return image;
    }

    /** The process's exit code, or -1 when the process was killed before it could exit by itself. */
    public int getExitCode() {
        return exitCode;
    }

    public Duration getDuration() {
        return duration;
    }

    /** The last bytes of stderr (bounded). */
    public String getStderrTail() {
        return stderrTail;
    }

    /** One line saying why: the function's last stderr line, or what the component saw. */
    public String getReason() {
        return reason;
    }
}
