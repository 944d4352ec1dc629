package io.camelhydra.bench;

/** Judges one call's output, so that a fast failure can never count as a fast call. */
@FunctionalInterface
interface OutputCheck {

    /** @return what is wrong with the output, or {@code null} when it is what the scenario expects */
    String problem(DrainedOutput output);
}
