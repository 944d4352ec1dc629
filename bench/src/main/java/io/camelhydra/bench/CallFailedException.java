package io.camelhydra.bench;

/** One call did not produce what it should: a non-zero exit, a timeout, or output that fails the check. */
final class CallFailedException extends Exception {

    CallFailedException(String message) {
        super(message);
    }

    CallFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
